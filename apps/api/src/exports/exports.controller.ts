import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { ExportQuery } from './dto/export.query';
import { Dataset, ExportsService } from './exports.service';
import { csvLine, csvRows, JSON_TAIL, jsonHead, jsonItems } from './export-format';

const FILE_NAMES: Record<Dataset, string> = {
  recommendations: 'recommandations-adoptees',
  votes: 'votes-clos',
  positions: 'positions-des-associations',
};

/** A client that takes nothing for this long is dropped. */
export const EXPORT_STALL_MS = 60_000;

/** Resolves true when the response can take more, false when it closed or stalled. */
export function drained(res: Pick<Response, 'on' | 'off' | 'destroyed' | 'writableEnded' | 'socket'>): Promise<boolean> {
  // already gone (the client went away during the last write): its 'close' has been emitted
  if (res.destroyed || res.writableEnded || !res.socket || res.socket.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    const timer = setTimeout(() => done(false), EXPORT_STALL_MS);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  private readonly logger = new Logger('Exports');

  constructor(private readonly exports: ExportsService) {}

  @Public()
  @ApiOperation({ summary: 'Adopted recommendations with the hash of their latest version (Licence Ouverte 2.0)' })
  @ApiProduces('application/json', 'text/csv')
  @Get('recommendations')
  recommendations(@Query() q: ExportQuery, @Res() res: Response) {
    return this.stream('recommendations', q, res);
  }

  @Public()
  @ApiOperation({ summary: 'Closed votes: method, tallies and outcome only (Licence Ouverte 2.0)' })
  @ApiProduces('application/json', 'text/csv')
  @Get('votes')
  votes(@Query() q: ExportQuery, @Res() res: Response) {
    return this.stream('votes', q, res);
  }

  @Public()
  @ApiOperation({ summary: 'Current formal positions of associations on adopted recommendations (Licence Ouverte 2.0)' })
  @ApiProduces('application/json', 'text/csv')
  @Get('positions')
  positions(@Query() q: ExportQuery, @Res() res: Response) {
    return this.stream('positions', q, res);
  }

  /**
   * Streams the dataset batch by batch, waiting for the socket to drain: constant memory. The
   * first batch is read before anything is sent, so that a database failure is still a clean
   * error response.
   */
  private async stream(dataset: Dataset, q: ExportQuery, res: Response): Promise<void> {
    const format = q.format ?? 'json';
    const cursor = this.exports.open(dataset);
    let batch = await cursor.next();
    try {
      res.status(200);
      res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="${FILE_NAMES[dataset]}.${format}"`);
      res.setHeader('cache-control', 'public, max-age=60');
      res.setHeader('access-control-allow-origin', '*');
      const write = async (chunk: string): Promise<boolean> => res.write(chunk) || (await drained(res));
      let open = await write(format === 'csv' ? csvLine(cursor.columns) : jsonHead(dataset, new Date()));
      let first = true;
      while (open && batch.length) {
        open = await write(format === 'csv' ? csvRows(cursor.columns, batch) : jsonItems(cursor.columns, batch, first));
        first = false;
        if (open) batch = await cursor.next();
      }
      if (!open) {
        res.destroy();
        return;
      }
      if (format === 'json') await write((first ? '' : '\n') + JSON_TAIL);
      res.end();
    } catch (err) {
      if (!res.headersSent) throw err;
      // Headers are gone: the only honest signal left is an aborted response.
      this.logger.error(`export ${dataset} failed mid-stream: ${(err as Error).stack ?? err}`);
      res.destroy();
    }
  }
}

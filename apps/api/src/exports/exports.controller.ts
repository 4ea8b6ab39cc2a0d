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

/** Waits until the response can take more, or has been closed by the client. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
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
   * first batch is read before anything is sent, so that a database failure is still a clean 5xx.
   */
  private async stream(dataset: Dataset, q: ExportQuery, res: Response): Promise<void> {
    const format = q.format ?? 'json';
    const spec = this.exports.dataset(dataset);
    const batches = spec.batches();
    const first = await batches.next();
    const generatedAt = new Date();
    res.status(200);
    res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${FILE_NAMES[dataset]}.${format}"`);
    res.setHeader('cache-control', 'public, max-age=60');
    res.setHeader('access-control-allow-origin', '*');
    const write = async (chunk: string) => {
      if (!res.write(chunk)) await drained(res);
    };
    try {
      await write(format === 'csv' ? csvLine(spec.columns) : jsonHead(dataset, generatedAt));
      let isFirst = true;
      let batch = first;
      while (!batch.done && !res.destroyed) {
        await write(format === 'csv' ? csvRows(spec.columns, batch.value) : jsonItems(spec.columns, batch.value, isFirst));
        isFirst = false;
        batch = await batches.next();
      }
      if (res.destroyed) {
        await batches.return(undefined);
        return;
      }
      if (format === 'json') await write((isFirst ? '' : '\n') + JSON_TAIL);
      res.end();
    } catch (err) {
      // Headers are gone: the only honest signal left is an aborted response.
      this.logger.error(`export ${dataset} failed mid-stream: ${(err as Error).stack ?? err}`);
      res.destroy(err as Error);
    }
  }
}

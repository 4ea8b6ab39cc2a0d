import { Controller, Get, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Response } from 'express';
import { EventBus } from '@app/bus';

/**
 * `GET /api/health` of the realtime service run alone (`npm run start:realtime`): the same
 * answer as the API's, for the proxy's and the orchestrator's health checks (in the all-in-one
 * platform the API answers it).
 */
@Controller('api/health')
export class RealtimeHealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly bus: EventBus,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    let db: 'up' | 'down' = 'down';
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 2000)));
      await Promise.race([this.ds.query('SELECT 1'), timeout]);
      db = 'up';
    } catch {
      res.status(503);
    } finally {
      clearTimeout(timer);
    }
    return { status: db === 'up' ? 'ok' : 'error', service: 'realtime', db, bus: this.bus.distributed ? 'redis' : 'local', time: new Date().toISOString() };
  }
}

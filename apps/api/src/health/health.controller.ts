import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Response } from 'express';
import { EventBus } from '@app/bus';
import { Public } from '../common/public.decorator';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly bus: EventBus,
  ) {}

  @Public()
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
    return { status: db === 'up' ? 'ok' : 'error', db, bus: this.bus.distributed ? 'redis' : 'local', time: new Date().toISOString() };
  }
}

import { Controller, Get, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Response } from 'express';
import { EventBus } from '@app/bus';
import { healthReport } from '@app/core';

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
    const report = await healthReport(this.ds, this.bus);
    if (report.status !== 'ok') res.status(503);
    return { ...report, service: 'realtime' };
  }
}

import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { sendJson } from '../working-groups/programme-cache.service';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RoadmapService } from './roadmap.service';
import { RoadmapQuery } from './dto/roadmap.query';
import { RoadmapResponse } from './roadmap.response';

@ApiTags('roadmap')
@ApiBearerAuth()
@Controller('roadmap')
export class RoadmapController {
  constructor(private readonly roadmap: RoadmapService) {}

  @ApiOperation({ summary: 'Recommendations with their milestones, grouped by axis (axes by position), quick wins first; every signed-in user' })
  @ApiOkResponse({ type: RoadmapResponse })
  @Get()
  async get(@Query() q: RoadmapQuery, @Res() res: Response) {
    sendJson(res, await this.roadmap.response(q));
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RoadmapService } from './roadmap.service';
import { RoadmapQuery } from './dto/roadmap.query';

@ApiTags('roadmap')
@ApiBearerAuth()
@Controller('roadmap')
export class RoadmapController {
  constructor(private readonly roadmap: RoadmapService) {}

  @ApiOperation({ summary: 'Recommendations with their milestones, grouped by axis (axes by position), quick wins first; every signed-in user' })
  @Get()
  async get(@Query() q: RoadmapQuery) {
    return this.roadmap.response(q);
  }
}

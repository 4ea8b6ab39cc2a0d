import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { sendJson } from '../working-groups/programme-cache.service';
import { AuthUser, CurrentUser } from '../common/current-user';
import { UuidParam } from '../common/uuid.pipe';
import { RecommendationsService } from './recommendations.service';
import { CreateRecommendationDto } from './dto/create-recommendation.dto';
import { UpdateRecommendationDto } from './dto/update-recommendation.dto';
import { ListRecommendationsQuery } from './dto/list-recommendations.query';
import { toRecommendationResponse } from './recommendation.response';

@ApiTags('recommendations')
@ApiBearerAuth()
@Controller()
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Post('working-groups/:id/recommendations')
  async create(@CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Body() dto: CreateRecommendationDto) {
    return toRecommendationResponse(await this.recommendations.create(user, groupId, dto));
  }

  @ApiOkResponse({ description: '`{items, total}`: a page of recommendations (the fields of GET /recommendations/:id)' })
  @Get('working-groups/:id/recommendations')
  async list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Query() q: ListRecommendationsQuery, @Res() res: Response) {
    sendJson(res, await this.recommendations.list(user, groupId, q));
  }

  @Get('recommendations/:id')
  async get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return toRecommendationResponse(await this.recommendations.getForUser(user, id));
  }

  @Patch('recommendations/:id')
  async update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateRecommendationDto) {
    return toRecommendationResponse(await this.recommendations.update(user, id, dto));
  }
}

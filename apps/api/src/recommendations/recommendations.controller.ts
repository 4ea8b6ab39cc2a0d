import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { sendJson } from '../working-groups/programme-cache.service';
import { AuthUser, CurrentUser } from '../common/current-user';
import { UuidParam } from '../common/uuid.pipe';
import { RecommendationsService } from './recommendations.service';
import { CreateRecommendationDto } from './dto/create-recommendation.dto';
import { UpdateRecommendationDto } from './dto/update-recommendation.dto';
import { ListRecommendationsQuery } from './dto/list-recommendations.query';
import { RecommendationResponse, toRecommendationResponse } from './recommendation.response';
import { PageOf } from '../common/openapi';

@ApiTags('recommendations')
@ApiBearerAuth()
@Controller()
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @ApiCreatedResponse({ type: RecommendationResponse })
  @Post('working-groups/:id/recommendations')
  async create(@CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Body() dto: CreateRecommendationDto) {
    return toRecommendationResponse(await this.recommendations.create(user, groupId, dto));
  }

  @ApiOkResponse({ type: PageOf(RecommendationResponse), description: 'a page of recommendations (the fields of GET /recommendations/:id)' })
  @Get('working-groups/:id/recommendations')
  async list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Query() q: ListRecommendationsQuery, @Res() res: Response) {
    sendJson(res, await this.recommendations.list(user, groupId, q));
  }

  @ApiOkResponse({ type: RecommendationResponse })
  @Get('recommendations/:id')
  async get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return toRecommendationResponse(await this.recommendations.getForUser(user, id));
  }

  @ApiOkResponse({ type: RecommendationResponse })
  @Patch('recommendations/:id')
  async update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateRecommendationDto) {
    return toRecommendationResponse(await this.recommendations.update(user, id, dto));
  }
}

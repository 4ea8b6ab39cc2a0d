import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/current-user';
import { ListQuery } from '../common/list.query';
import { UuidParam } from '../common/uuid.pipe';
import { MilestonesService } from './milestones.service';
import { CreateMilestoneDto } from './dto/create-milestone.dto';
import { UpdateMilestoneDto } from './dto/update-milestone.dto';
import { MilestoneResponse, toMilestoneResponse, todayInFrance } from './milestone.response';
import { PageOf } from '../common/openapi';

@ApiTags('roadmap')
@ApiBearerAuth()
@Controller()
export class MilestonesController {
  constructor(private readonly milestones: MilestonesService) {}

  @ApiCreatedResponse({ type: MilestoneResponse })
  @Post('recommendations/:id/milestones')
  async create(@CurrentUser() user: AuthUser, @Param('id', UuidParam) recommendationId: string, @Body() dto: CreateMilestoneDto) {
    return toMilestoneResponse(await this.milestones.create(user, recommendationId, dto));
  }

  @ApiOkResponse({ type: PageOf(MilestoneResponse) })
  @Get('recommendations/:id/milestones')
  async list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) recommendationId: string, @Query() q: ListQuery) {
    const page = await this.milestones.list(user, recommendationId, q);
    const today = todayInFrance();
    return { items: page.items.map((m) => toMilestoneResponse(m, today)), total: page.total };
  }

  @ApiOkResponse({ type: MilestoneResponse })
  @Patch('milestones/:id')
  async update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateMilestoneDto) {
    return toMilestoneResponse(await this.milestones.update(user, id, dto));
  }

  @Delete('milestones/:id')
  @HttpCode(204)
  async remove(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    await this.milestones.remove(user, id);
  }
}

import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/public.decorator';
import { AuthUser, CurrentUser } from '../common/current-user';
import { UuidParam } from '../common/uuid.pipe';
import { WorkingGroupsService } from './working-groups.service';
import { CreateWorkingGroupDto } from './dto/create-working-group.dto';
import { UpdateWorkingGroupDto } from './dto/update-working-group.dto';
import { ListWorkingGroupsQuery } from './dto/list-working-groups.query';
import { WorkingGroupResponse, toWorkingGroupResponse } from './working-group.response';
import { PageOf } from '../common/openapi';

@ApiTags('working-groups')
@ApiBearerAuth()
@Controller('working-groups')
export class WorkingGroupsController {
  constructor(private readonly groups: WorkingGroupsService) {}

  @ApiCreatedResponse({ type: WorkingGroupResponse })
  @AdminOnly()
  @Post()
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateWorkingGroupDto) {
    return toWorkingGroupResponse(await this.groups.create(user, dto));
  }

  /** Every signed-in user sees the groups of the programme (their resources stay for members). */
  @ApiOkResponse({ type: PageOf(WorkingGroupResponse) })
  @Get()
  async list(@Query() q: ListWorkingGroupsQuery) {
    const page = await this.groups.list(q);
    return { items: page.items.map(toWorkingGroupResponse), total: page.total };
  }

  @ApiOkResponse({ type: WorkingGroupResponse })
  @Get(':id')
  async get(@Param('id', UuidParam) id: string) {
    return toWorkingGroupResponse(await this.groups.get(id));
  }

  @ApiOkResponse({ type: WorkingGroupResponse })
  @AdminOnly()
  @Patch(':id')
  async update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateWorkingGroupDto) {
    return toWorkingGroupResponse(await this.groups.update(user, id, dto));
  }
}

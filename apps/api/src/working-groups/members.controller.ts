import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser } from '../common/current-user';
import { UuidParam } from '../common/uuid.pipe';
import { MembersService } from './members.service';
import { AddMemberDto } from './dto/add-member.dto';
import { ListMembersQuery } from './dto/list-members.query';
import { GroupMemberResponse, toMemberResponse } from './working-group.response';
import { PageOf } from '../common/openapi';

@ApiTags('working-groups')
@ApiBearerAuth()
@Controller('working-groups/:id/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @ApiOkResponse({ type: PageOf(GroupMemberResponse) })
  @Get()
  async list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() q: ListMembersQuery) {
    const page = await this.members.list(user, id, q);
    return { items: page.items.map(toMemberResponse), total: page.total };
  }

  @ApiCreatedResponse({ type: GroupMemberResponse, description: 'added (201), or role changed (200, same body)' })
  @ApiOperation({ summary: 'Adds a member (201) or changes the role of an existing member (200)' })
  @Post()
  async upsert(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: AddMemberDto, @Res({ passthrough: true }) res: Response) {
    const { member, created } = await this.members.upsert(user, id, dto);
    res.status(created ? 201 : 200);
    return toMemberResponse(member);
  }

  @Delete(':userId')
  @HttpCode(204)
  async remove(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Param('userId', UuidParam) userId: string) {
    await this.members.remove(user, id, userId);
  }
}

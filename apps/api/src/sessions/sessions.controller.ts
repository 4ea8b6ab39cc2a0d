import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/current-user';
import { UuidParam } from '../common/uuid.pipe';
import { SessionsService } from './sessions.service';
import { CreateSessionDto } from './dto/create-session.dto';
import { UpdateSessionDto } from './dto/update-session.dto';
import { ListSessionsQuery } from './dto/list-sessions.query';
import { SessionResponse, toSessionResponse } from './session.response';
import { PageOf } from '../common/openapi';

@ApiTags('sessions')
@ApiBearerAuth()
@Controller()
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @ApiCreatedResponse({ type: SessionResponse })
  @Post('working-groups/:id/sessions')
  async create(@CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Body() dto: CreateSessionDto) {
    return toSessionResponse(await this.sessions.create(user, groupId, dto));
  }

  @ApiOkResponse({ type: PageOf(SessionResponse) })
  @Get('working-groups/:id/sessions')
  async list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) groupId: string, @Query() q: ListSessionsQuery) {
    const page = await this.sessions.list(user, groupId, q);
    return { items: page.items.map(toSessionResponse), total: page.total };
  }

  @ApiOkResponse({ type: SessionResponse })
  @Get('sessions/:id')
  async get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return toSessionResponse(await this.sessions.getForUser(user, id));
  }

  @ApiOkResponse({ type: SessionResponse })
  @Patch('sessions/:id')
  async update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateSessionDto) {
    return toSessionResponse(await this.sessions.update(user, id, dto));
  }
}

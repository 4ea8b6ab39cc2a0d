import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/public.decorator';
import { AuthUser, CurrentUser } from '../common/current-user';
import { UuidParam } from '../common/uuid.pipe';
import { toOrganizationResponse } from '../organizations/organization.response';
import { UsersService } from './users.service';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { MeResponse, UserResponse, toUserResponse } from './user.response';
import { PageOf } from '../common/openapi';

@ApiTags('users')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiOkResponse({ type: MeResponse })
  @Get('me')
  async me(@CurrentUser() current: AuthUser) {
    const { user, organization, memberships } = await this.users.profile(current.id);
    return { ...toUserResponse(user), organization: organization ? toOrganizationResponse(organization) : null, memberships };
  }

  @ApiCreatedResponse({ type: UserResponse })
  @AdminOnly()
  @Post('users')
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto) {
    return toUserResponse(await this.users.create(user, dto));
  }

  @ApiOkResponse({ type: PageOf(UserResponse) })
  @Get('users')
  async list(@CurrentUser() current: AuthUser, @Query() q: ListUsersQuery) {
    const [page, email] = await Promise.all([this.users.list(q), this.users.seesEmails(current)]);
    return { items: page.items.map((u) => toUserResponse(u, { email: email || u.id === current.id })), total: page.total };
  }

  @ApiOkResponse({ type: UserResponse })
  @Get('users/:id')
  async get(@CurrentUser() current: AuthUser, @Param('id', UuidParam) id: string) {
    const [user, email] = await Promise.all([this.users.get(id), this.users.seesEmails(current)]);
    return toUserResponse(user, { email: email || user.id === current.id });
  }

  @ApiOkResponse({ type: UserResponse })
  @AdminOnly()
  @Patch('users/:id')
  async update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateUserDto) {
    return toUserResponse(await this.users.update(user, id, dto));
  }
}

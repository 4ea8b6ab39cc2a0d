import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/public.decorator';
import { AuthUser, CurrentUser } from '../common/current-user';
import { UuidParam } from '../common/uuid.pipe';
import { OrganizationsService } from './organizations.service';
import { CreateOrganizationDto } from './dto/create-organization.dto';
import { UpdateOrganizationDto } from './dto/update-organization.dto';
import { ListOrganizationsQuery } from './dto/list-organizations.query';
import { OrganizationResponse, toOrganizationResponse } from './organization.response';
import { PageOf } from '../common/openapi';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @ApiCreatedResponse({ type: OrganizationResponse })
  @AdminOnly()
  @Post()
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateOrganizationDto) {
    return toOrganizationResponse(await this.organizations.create(user, dto));
  }

  @ApiOkResponse({ type: PageOf(OrganizationResponse) })
  @Get()
  async list(@Query() q: ListOrganizationsQuery) {
    const page = await this.organizations.list(q);
    return { items: page.items.map(toOrganizationResponse), total: page.total };
  }

  @ApiOkResponse({ type: OrganizationResponse })
  @Get(':id')
  async get(@Param('id', UuidParam) id: string) {
    return toOrganizationResponse(await this.organizations.get(id));
  }

  @ApiOkResponse({ type: OrganizationResponse })
  @AdminOnly()
  @Patch(':id')
  async update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateOrganizationDto) {
    return toOrganizationResponse(await this.organizations.update(user, id, dto));
  }
}

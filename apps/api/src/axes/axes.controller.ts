import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/public.decorator';
import { AuthUser, CurrentUser } from '../common/current-user';
import { ListQuery } from '../common/list.query';
import { UuidParam } from '../common/uuid.pipe';
import { AxesService } from './axes.service';
import { CreateAxisDto } from './dto/create-axis.dto';
import { UpdateAxisDto } from './dto/update-axis.dto';
import { AxisResponse, toAxisResponse } from './axis.response';
import { PageOf } from '../common/openapi';

@ApiTags('axes')
@ApiBearerAuth()
@Controller('axes')
export class AxesController {
  constructor(private readonly axes: AxesService) {}

  @ApiCreatedResponse({ type: AxisResponse })
  @AdminOnly()
  @Post()
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateAxisDto) {
    return toAxisResponse(await this.axes.create(user, dto));
  }

  @ApiOkResponse({ type: PageOf(AxisResponse) })
  @Get()
  async list(@Query() q: ListQuery) {
    const page = await this.axes.list(q);
    return { items: page.items.map(toAxisResponse), total: page.total };
  }

  @ApiOkResponse({ type: AxisResponse })
  @Get(':id')
  async get(@Param('id', UuidParam) id: string) {
    return toAxisResponse(await this.axes.get(id));
  }

  @ApiOkResponse({ type: AxisResponse })
  @AdminOnly()
  @Patch(':id')
  async update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateAxisDto) {
    return toAxisResponse(await this.axes.update(user, id, dto));
  }
}

import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/current-user';
import { ListQuery } from '../common/list.query';
import { UuidParam } from '../common/uuid.pipe';
import { SubmitPositionDto } from './dto/submit-position.dto';
import { PositionsService } from './positions.service';
import { PositionResponse } from './position.response';
import { PageOf } from '../common/openapi';

@ApiTags('positions')
@ApiBearerAuth()
@Controller('recommendations/:id/positions')
export class PositionsController {
  constructor(private readonly positions: PositionsService) {}

  @ApiCreatedResponse({ type: PositionResponse })
  @ApiOperation({ summary: 'Submit the formal position of your association (representatives), superseding its previous one' })
  @Post()
  submit(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: SubmitPositionDto) {
    return this.positions.submit(user, id, dto);
  }

  @ApiOkResponse({ type: PageOf(PositionResponse) })
  @ApiOperation({ summary: 'Current positions (one per association)' })
  @Get()
  list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() q: ListQuery) {
    return this.positions.list(user, id, q, false);
  }

  @ApiOkResponse({ type: PageOf(PositionResponse) })
  @ApiOperation({ summary: 'Every submission, superseded ones included, oldest first' })
  @Get('history')
  history(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() q: ListQuery) {
    return this.positions.list(user, id, q, true);
  }
}

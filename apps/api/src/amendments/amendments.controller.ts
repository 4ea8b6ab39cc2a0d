import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/current-user';
import { UuidParam } from '../common/uuid.pipe';
import { AmendmentsService } from './amendments.service';
import { CreateAmendmentDto } from './dto/create-amendment.dto';
import { DecideAmendmentDto } from './dto/decide-amendment.dto';
import { ListAmendmentsQuery } from './dto/list-amendments.query';
import { AmendmentResponse, MergeResultResponse } from './amendment.response';
import { PageOf } from '../common/openapi';

@ApiTags('amendments')
@ApiBearerAuth()
@Controller('recommendations/:id/amendments')
export class RecommendationAmendmentsController {
  constructor(private readonly amendments: AmendmentsService) {}

  @ApiCreatedResponse({ type: AmendmentResponse })
  @ApiOperation({ summary: 'Propose an amendment to a range of the latest frozen version (participants and facilitators)' })
  @Post()
  create(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateAmendmentDto) {
    return this.amendments.create(user, id, dto);
  }

  @ApiOkResponse({ type: PageOf(AmendmentResponse) })
  @ApiOperation({ summary: 'Amendments in examination order, with conflicts' })
  @Get()
  list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() q: ListAmendmentsQuery) {
    return this.amendments.list(user, id, q);
  }

  @ApiOkResponse({ type: MergeResultResponse })
  @ApiOperation({ summary: 'Merge every adopted, not yet merged amendment into the live draft (facilitator)' })
  @Post('merge')
  @HttpCode(200)
  merge(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.amendments.merge(user, id);
  }
}

@ApiTags('amendments')
@ApiBearerAuth()
@Controller('amendments')
export class AmendmentsController {
  constructor(private readonly amendments: AmendmentsService) {}

  @ApiOkResponse({ type: AmendmentResponse })
  @ApiOperation({ summary: 'One amendment' })
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.amendments.get(user, id);
  }

  @ApiOkResponse({ type: AmendmentResponse })
  @ApiOperation({ summary: 'Withdraw your amendment (submitted → withdrawn)' })
  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.amendments.withdraw(user, id);
  }

  @ApiOkResponse({ type: AmendmentResponse })
  @ApiOperation({ summary: 'Decide without a vote (facilitator): adopted lapses the overlapping submitted amendments' })
  @Post(':id/decision')
  @HttpCode(200)
  decide(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: DecideAmendmentDto) {
    return this.amendments.decide(user, id, dto.status);
  }
}

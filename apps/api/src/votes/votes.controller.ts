import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/current-user';
import { ListQuery } from '../common/list.query';
import { UuidParam } from '../common/uuid.pipe';
import { BallotsService } from './ballots.service';
import { CastBallotDto } from './dto/cast-ballot.dto';
import { CreateVoteDto } from './dto/create-vote.dto';
import { ListVotesQuery } from './dto/list-votes.query';
import { VotesService } from './votes.service';
import { VoteResponse, ParticipationResponse, BallotReceiptResponse, ReceiptCheckResponse } from './vote.response';
import { PageOf } from '../common/openapi';

@ApiTags('votes')
@ApiBearerAuth()
@Controller()
export class VotesController {
  constructor(
    private readonly votes: VotesService,
    private readonly ballots: BallotsService,
  ) {}

  @ApiCreatedResponse({ type: VoteResponse })
  @ApiOperation({ summary: 'Create a vote (facilitator of the group)' })
  @Post('votes')
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateVoteDto) {
    return this.votes.create(user, dto);
  }

  @ApiOkResponse({ type: VoteResponse })
  @Get('votes/:id')
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.votes.get(user, id);
  }

  @ApiOkResponse({ type: PageOf(VoteResponse) })
  @ApiOperation({ summary: 'Votes of a working group (members)' })
  @Get('working-groups/:id/votes')
  listOfGroup(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() q: ListVotesQuery) {
    return this.votes.listOfGroup(user, id, q);
  }

  @ApiOkResponse({ type: PageOf(VoteResponse) })
  @ApiOperation({ summary: 'Votes of a session (members)' })
  @Get('sessions/:id/votes')
  listOfSession(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() q: ListVotesQuery) {
    return this.votes.listOfSession(user, id, q);
  }

  @ApiOkResponse({ type: VoteResponse })
  @ApiOperation({ summary: 'draft → open; freezes the electoral roll' })
  @HttpCode(200)
  @Post('votes/:id/open')
  open(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.votes.open(user, id);
  }

  @ApiOkResponse({ type: VoteResponse })
  @ApiOperation({ summary: 'open → closed; computes and stores the results' })
  @HttpCode(200)
  @Post('votes/:id/close')
  close(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.votes.close(user, id);
  }

  @ApiCreatedResponse({ type: BallotReceiptResponse })
  @ApiOperation({ summary: 'Cast a ballot (eligible voter); 201 {receipt}' })
  @Post('votes/:id/ballots')
  cast(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CastBallotDto) {
    return this.ballots.cast(user, id, dto);
  }

  @ApiOperation({ summary: 'Who voted what (public votes; after close unless results are live)' })
  @Get('votes/:id/ballots')
  listBallots(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() q: ListQuery) {
    return this.ballots.list(user, id, q);
  }

  @ApiOperation({ summary: 'Results: once closed, or live while open for resultsVisibility "live"' })
  @Get('votes/:id/results')
  results(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.votes.results(user, id);
  }

  @ApiOkResponse({ type: ParticipationResponse })
  @ApiOperation({ summary: 'Is the current user on the roll, have they voted, how many ballots so far' })
  @Get('votes/:id/participation')
  participation(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.votes.participation(user, id);
  }

  @ApiOkResponse({ type: ReceiptCheckResponse })
  @ApiOperation({ summary: 'Receipt check, by the voter who was given it: {counted: true}; 404 for an unknown receipt or another user' })
  @Get('votes/:id/receipts/:receipt')
  receipt(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Param('receipt') receipt: string) {
    return this.ballots.checkReceipt(user, id, receipt);
  }
}

import { Module } from '@nestjs/common';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { AmendmentsModule } from '../amendments/amendments.module';
import { BallotsService } from './ballots.service';
import { TallyService } from './tally.service';
import { VotesController } from './votes.controller';
import { VotesRepository } from './votes.repository';
import { VotesService } from './votes.service';

/** Votes, ballots, tallies and results (API.md "Votes"). */
@Module({
  imports: [RecommendationsModule, AmendmentsModule],
  controllers: [VotesController],
  providers: [VotesRepository, VotesService, BallotsService, TallyService],
  exports: [VotesService],
})
export class VotesModule {}

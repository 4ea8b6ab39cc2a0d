import { Module } from '@nestjs/common';
import { AmendmentsModule } from '../amendments/amendments.module';
import { PositionsModule } from '../positions/positions.module';
import { ProvenanceModule } from '../provenance/provenance.module';
import { VotesModule } from '../votes/votes.module';
import { MinutesController } from './minutes.controller';
import { MinutesRepository } from './minutes.repository';
import { MinutesService } from './minutes.service';

/** Session minutes in Markdown and PDF. */
@Module({
  imports: [VotesModule, PositionsModule, AmendmentsModule, ProvenanceModule],
  controllers: [MinutesController],
  providers: [MinutesRepository, MinutesService],
})
export class MinutesModule {}

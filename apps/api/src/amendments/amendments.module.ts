import { Module } from '@nestjs/common';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { AmendmentsController, RecommendationAmendmentsController } from './amendments.controller';
import { AmendmentsRepository } from './amendments.repository';
import { AmendmentsService } from './amendments.service';
import { DraftCommands } from './draft-commands';

/** Amendments to frozen versions, their decisions and their merge into the live draft. */
@Module({
  imports: [RecommendationsModule, SessionsModule, UsersModule],
  controllers: [RecommendationAmendmentsController, AmendmentsController],
  providers: [AmendmentsRepository, AmendmentsService, DraftCommands],
  exports: [AmendmentsService],
})
export class AmendmentsModule {}

import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { PositionsController } from './positions.controller';
import { PositionsRepository } from './positions.repository';
import { PositionsService } from './positions.service';

/** Formal positions of associations on frozen versions. */
@Module({
  imports: [RecommendationsModule, OrganizationsModule],
  controllers: [PositionsController],
  providers: [PositionsRepository, PositionsService],
  exports: [PositionsService],
})
export class PositionsModule {}

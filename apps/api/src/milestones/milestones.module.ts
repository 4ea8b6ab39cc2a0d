import { Module } from '@nestjs/common';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { WorkingGroupsModule } from '../working-groups/working-groups.module';
import { MilestonesController } from './milestones.controller';
import { OrganizationsModule } from '../organizations/organizations.module';
import { MilestonesRepository } from './milestones.repository';
import { MilestonesService } from './milestones.service';

@Module({
  imports: [RecommendationsModule, WorkingGroupsModule, OrganizationsModule],
  controllers: [MilestonesController],
  providers: [MilestonesRepository, MilestonesService],
  exports: [MilestonesService],
})
export class MilestonesModule {}

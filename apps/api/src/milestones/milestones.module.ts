import { Module } from '@nestjs/common';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { WorkingGroupsModule } from '../working-groups/working-groups.module';
import { MilestonesController } from './milestones.controller';
import { MilestonesService } from './milestones.service';

@Module({ imports: [RecommendationsModule, WorkingGroupsModule], controllers: [MilestonesController], providers: [MilestonesService], exports: [MilestonesService] })
export class MilestonesModule {}

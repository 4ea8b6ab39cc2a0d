import { Module } from '@nestjs/common';
import { WorkingGroupsModule } from '../working-groups/working-groups.module';
import { RecommendationsController } from './recommendations.controller';
import { RecommendationsRepository } from './recommendations.repository';
import { RecommendationsService } from './recommendations.service';

@Module({
  imports: [WorkingGroupsModule],
  controllers: [RecommendationsController],
  providers: [RecommendationsRepository, RecommendationsService],
  exports: [RecommendationsService],
})
export class RecommendationsModule {}

import { Module } from '@nestjs/common';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { WorkingGroupsModule } from '../working-groups/working-groups.module';
import { VersionsRepository } from './versions.repository';
import { VersionsController } from './versions.controller';
import { VersionsService } from './versions.service';

/** Frozen versions of the live drafts: Markdown, hash, diff. */
@Module({
  imports: [RecommendationsModule, WorkingGroupsModule],
  controllers: [VersionsController],
  providers: [VersionsRepository, VersionsService],
  exports: [VersionsService],
})
export class VersionsModule {}

import { Module } from '@nestjs/common';
import { WorkingGroupsModule } from '../working-groups/working-groups.module';
import { RoadmapController } from './roadmap.controller';
import { RoadmapRepository } from './roadmap.repository';
import { RoadmapService } from './roadmap.service';
import { PingController } from './ping.controller';

@Module({ imports: [WorkingGroupsModule], controllers: [RoadmapController, PingController], providers: [RoadmapRepository, RoadmapService] })
export class RoadmapModule {}

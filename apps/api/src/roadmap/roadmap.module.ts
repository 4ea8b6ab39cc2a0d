import { Module } from '@nestjs/common';
import { WorkingGroupsModule } from '../working-groups/working-groups.module';
import { RoadmapController } from './roadmap.controller';
import { RoadmapService } from './roadmap.service';
import { PingController } from './ping.controller';

@Module({ imports: [WorkingGroupsModule], controllers: [RoadmapController, PingController], providers: [RoadmapService] })
export class RoadmapModule {}

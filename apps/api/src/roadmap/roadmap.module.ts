import { Module } from '@nestjs/common';
import { RoadmapController } from './roadmap.controller';
import { RoadmapService } from './roadmap.service';
import { PingController } from './ping.controller';

@Module({ controllers: [RoadmapController, PingController], providers: [RoadmapService] })
export class RoadmapModule {}

import { Module } from '@nestjs/common';
import { WorkingGroupsModule } from '../working-groups/working-groups.module';
import { AxesController } from './axes.controller';
import { AxesRepository } from './axes.repository';
import { AxesService } from './axes.service';

@Module({ imports: [WorkingGroupsModule], controllers: [AxesController], providers: [AxesRepository, AxesService], exports: [AxesService] })
export class AxesModule {}

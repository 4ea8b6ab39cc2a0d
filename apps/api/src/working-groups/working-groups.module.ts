import { Module } from '@nestjs/common';
import { WorkingGroupsController } from './working-groups.controller';
import { WorkingGroupsRepository } from './working-groups.repository';
import { WorkingGroupsService } from './working-groups.service';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';
import { ProgrammeCache } from './programme-cache.service';

@Module({
  controllers: [WorkingGroupsController, MembersController],
  providers: [WorkingGroupsRepository, WorkingGroupsService, MembersService, ProgrammeCache],
  exports: [WorkingGroupsService, MembersService, ProgrammeCache],
})
export class WorkingGroupsModule {}

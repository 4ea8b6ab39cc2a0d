import { Module } from '@nestjs/common';
import { WorkingGroupsController } from './working-groups.controller';
import { WorkingGroupsService } from './working-groups.service';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';
import { GroupAccess } from './group-access.service';
import { ProgrammeCache } from './programme-cache.service';

@Module({
  controllers: [WorkingGroupsController, MembersController],
  providers: [WorkingGroupsService, MembersService, GroupAccess, ProgrammeCache],
  exports: [WorkingGroupsService, GroupAccess, ProgrammeCache],
})
export class WorkingGroupsModule {}

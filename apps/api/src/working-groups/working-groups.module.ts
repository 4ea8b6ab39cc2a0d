import { Module } from '@nestjs/common';
import { WorkingGroupsController } from './working-groups.controller';
import { WorkingGroupsService } from './working-groups.service';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';
import { GroupAccess } from './group-access.service';

@Module({
  controllers: [WorkingGroupsController, MembersController],
  providers: [WorkingGroupsService, MembersService, GroupAccess],
  exports: [WorkingGroupsService, GroupAccess],
})
export class WorkingGroupsModule {}

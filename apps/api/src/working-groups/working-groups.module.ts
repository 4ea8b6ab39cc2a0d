import { Module } from '@nestjs/common';
import { WorkingGroupsController } from './working-groups.controller';
import { WorkingGroupsService } from './working-groups.service';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';
import { ProgrammeCache } from './programme-cache.service';

@Module({
  controllers: [WorkingGroupsController, MembersController],
  providers: [WorkingGroupsService, MembersService, ProgrammeCache],
  exports: [WorkingGroupsService, ProgrammeCache],
})
export class WorkingGroupsModule {}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ListQuery } from '../../common/list.query';
import { WORKING_GROUP_STATUSES, WorkingGroupStatus } from './update-working-group.dto';

export class ListWorkingGroupsQuery extends ListQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  axisId?: string;

  @ApiPropertyOptional({ enum: WORKING_GROUP_STATUSES })
  @IsOptional() @IsIn(WORKING_GROUP_STATUSES)
  status?: WorkingGroupStatus;
}

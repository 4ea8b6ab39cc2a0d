import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { GROUP_ROLES, GroupRole } from '@app/domain';
import { ListQuery } from '../../common/list.query';

export class ListMembersQuery extends ListQuery {
  @ApiPropertyOptional({ enum: GROUP_ROLES })
  @IsOptional() @IsIn(GROUP_ROLES)
  role?: GroupRole;
}

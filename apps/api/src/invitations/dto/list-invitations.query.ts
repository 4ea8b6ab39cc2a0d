import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { ListQuery } from '../../common/list.query';

export class ListInvitationsQuery extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID()
  workingGroupId?: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { ListQuery } from '../../common/list.query';

export class ListUsersQuery extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID()
  organizationId?: string;
}

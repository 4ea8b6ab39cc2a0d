import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { ListQuery } from '../../common/list.query';

export class ListCommentsQuery extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID()
  versionId?: string;
}

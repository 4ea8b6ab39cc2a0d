import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { AMENDMENT_STATUSES, AmendmentStatus } from '@app/domain';
import { ListQuery } from '../../common/list.query';

export class ListAmendmentsQuery extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID()
  versionId?: string;

  @ApiPropertyOptional({ enum: AMENDMENT_STATUSES }) @IsOptional() @IsIn(AMENDMENT_STATUSES)
  status?: AmendmentStatus;
}

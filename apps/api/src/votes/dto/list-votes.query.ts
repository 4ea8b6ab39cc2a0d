import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { VOTE_STATUSES } from '@app/domain';
import { ListQuery } from '../../common/list.query';

export { VOTE_STATUSES };

export class ListVotesQuery extends ListQuery {
  @ApiPropertyOptional({ enum: VOTE_STATUSES }) @IsOptional() @IsIn(VOTE_STATUSES)
  status?: (typeof VOTE_STATUSES)[number];
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListQuery } from '../../common/list.query';

export const VOTE_STATUSES = ['draft', 'open', 'closed'] as const;

export class ListVotesQuery extends ListQuery {
  @ApiPropertyOptional({ enum: VOTE_STATUSES }) @IsOptional() @IsIn(VOTE_STATUSES)
  status?: (typeof VOTE_STATUSES)[number];
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { SESSION_PHASES, SessionPhase } from '@app/domain';
import { ListQuery } from '../../common/list.query';

export class ListSessionsQuery extends ListQuery {
  @ApiPropertyOptional({ enum: SESSION_PHASES })
  @IsOptional() @IsIn(SESSION_PHASES)
  phase?: SessionPhase;
}

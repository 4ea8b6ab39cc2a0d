import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Horizon, HORIZONS, RECOMMENDATION_STATUSES, RecommendationStatus } from '@app/domain';
import { ListQuery } from '../../common/list.query';

export class ListRecommendationsQuery extends ListQuery {
  @ApiPropertyOptional({ enum: RECOMMENDATION_STATUSES })
  @IsOptional() @IsIn(RECOMMENDATION_STATUSES)
  status?: RecommendationStatus;

  @ApiPropertyOptional({ enum: HORIZONS })
  @IsOptional() @IsIn(HORIZONS)
  horizon?: Horizon;
}

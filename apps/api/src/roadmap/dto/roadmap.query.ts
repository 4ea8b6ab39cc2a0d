import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Horizon, HORIZONS, RECOMMENDATION_STATUSES, RecommendationStatus } from '@app/domain';

/** `?status=adopted,under_review` or `?status=adopted&status=under_review`. */
const list = () =>
  Transform(({ value }) => (value === undefined ? undefined : ([] as unknown[]).concat(value).flatMap((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : [v]))));

export const ROADMAP_MAX = 200;

export class RoadmapQuery {
  @ApiPropertyOptional({ enum: RECOMMENDATION_STATUSES, isArray: true, description: 'One or several statuses, comma-separated (default: all)' })
  @IsOptional() @list() @IsIn(RECOMMENDATION_STATUSES, { each: true })
  status?: RecommendationStatus[];

  @ApiPropertyOptional({ enum: HORIZONS })
  @IsOptional() @IsIn(HORIZONS)
  horizon?: Horizon;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  axisId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  workingGroupId?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: ROADMAP_MAX, description: 'Recommendations per page' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(ROADMAP_MAX)
  limit: number = 50;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000_000)
  offset: number = 0;
}

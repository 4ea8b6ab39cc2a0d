import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Horizon, HORIZONS, RECOMMENDATION_STATUSES, RecommendationStatus } from '@app/domain';
import { OptionalNotNull, Trim } from '../../working-groups/dto/validation';

/**
 * Facilitators (and admins) change everything; participants only the title of a draft that is
 * neither locked nor under review. Any other field from a participant is a 403.
 */
export class UpdateRecommendationDto {
  @ApiPropertyOptional()
  @OptionalNotNull() @Trim() @IsString() @MinLength(1) @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ enum: HORIZONS })
  @OptionalNotNull() @IsIn(HORIZONS)
  horizon?: Horizon;

  @ApiPropertyOptional({ enum: RECOMMENDATION_STATUSES, description: 'draft → under_review → adopted | rejected; withdrawn from draft or under_review; else 409' })
  @OptionalNotNull() @IsIn(RECOMMENDATION_STATUSES)
  status?: RecommendationStatus;

  @ApiPropertyOptional({ description: '`true` makes the live draft read-only for everyone at once' })
  @OptionalNotNull() @IsBoolean()
  locked?: boolean;

  @ApiPropertyOptional({ format: 'date-time', type: String, nullable: true, description: 'null removes the deadline' })
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true })
  positionsDeadline?: string | null;
}

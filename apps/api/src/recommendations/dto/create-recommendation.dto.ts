import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Horizon, HORIZONS } from '@app/domain';
import { Trim } from '../../working-groups/dto/validation';

export class CreateRecommendationDto {
  @ApiProperty({ example: 'Un guichet unique des subventions aux collectivités' })
  @Trim() @IsString() @MinLength(1) @MaxLength(300)
  title: string;

  @ApiProperty({ enum: HORIZONS })
  @IsIn(HORIZONS)
  horizon: Horizon;

  @ApiPropertyOptional({ format: 'date-time', type: String, nullable: true, description: 'Facilitators only: end of the formal positions period' })
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true })
  positionsDeadline?: string | null;
}

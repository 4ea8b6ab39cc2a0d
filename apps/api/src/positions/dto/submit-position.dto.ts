import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';

export const STANCES = ['favorable', 'favorable_with_reservations', 'unfavorable', 'abstention'] as const;
export type StanceName = (typeof STANCES)[number];
export const MAX_MOTIVATION_LENGTH = 10_000;

export class SubmitPositionDto {
  @ApiProperty({ description: 'the latest frozen version of the recommendation' })
  @IsUUID()
  versionId: string;

  @ApiProperty({ enum: STANCES })
  @IsIn(STANCES)
  stance: StanceName;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_MOTIVATION_LENGTH, description: 'required unless the stance is favorable' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  // a favorable position may come without motivation (absent, null or blank); any other needs one
  @ValidateIf((o: SubmitPositionDto) => o.stance !== 'favorable' || (o.motivation !== undefined && o.motivation !== null && o.motivation !== ''))
  @IsString({ message: 'motivation : une motivation est requise (sauf avis favorable)' })
  @IsNotEmpty({ message: 'motivation : une motivation est requise (sauf avis favorable)' })
  @MaxLength(MAX_MOTIVATION_LENGTH)
  motivation?: string | null;
}

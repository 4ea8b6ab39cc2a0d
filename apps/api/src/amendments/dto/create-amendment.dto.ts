import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { MAX_REPLACEMENT_LENGTH } from '@app/domain';

export const MAX_RATIONALE_LENGTH = 10_000;

export class CreateAmendmentDto {
  @ApiProperty({ description: 'the latest frozen version of the recommendation' })
  @IsUUID()
  versionId: string;

  @ApiProperty({ description: 'UTF-16 offset into the version’s Markdown `content` (inclusive)', minimum: 0 })
  @IsInt() @Min(0) @Max(100_000_000)
  start: number;

  @ApiProperty({ description: 'UTF-16 offset into the version’s Markdown `content` (exclusive); `start = end` inserts', minimum: 0 })
  @IsInt() @Min(0) @Max(100_000_000)
  end: number;

  @ApiProperty({ maxLength: MAX_REPLACEMENT_LENGTH, description: 'the new text (Markdown); empty deletes the range' })
  @IsString() @MaxLength(MAX_REPLACEMENT_LENGTH, { message: `replacement : ${MAX_REPLACEMENT_LENGTH} caractères au plus` })
  replacement: string;

  @ApiProperty({ maxLength: MAX_RATIONALE_LENGTH, description: 'exposé des motifs' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString() @IsNotEmpty({ message: 'rationale : l’exposé des motifs est requis' }) @MaxLength(MAX_RATIONALE_LENGTH)
  rationale: string;

  @ApiPropertyOptional({ default: false, description: 'a representative amends on behalf of their organisation' })
  @IsOptional() @IsBoolean()
  onBehalfOfOrganization?: boolean;
}

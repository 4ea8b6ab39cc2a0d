import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { OptionalNotNull, Trim } from './validation';

export class CreateWorkingGroupDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  axisId: string;

  @ApiProperty({ example: 'Atelier « Identité numérique des agents »' })
  @Trim() @IsString() @MinLength(1) @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ default: '' })
  @OptionalNotNull() @Trim() @IsString() @MaxLength(10_000)
  mandate?: string;
}

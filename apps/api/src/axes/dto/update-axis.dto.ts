import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { OptionalNotNull, Trim } from '../../working-groups/dto/validation';

export class UpdateAxisDto {
  @ApiPropertyOptional()
  @OptionalNotNull() @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, { message: 'code: 1 à 32 caractères parmi lettres, chiffres, « - », « _ » et « . »' })
  code?: string;

  @ApiPropertyOptional()
  @OptionalNotNull() @Trim() @IsString() @MinLength(1) @MaxLength(200)
  title?: string;

  @ApiPropertyOptional()
  @OptionalNotNull() @Trim() @IsString() @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional()
  @OptionalNotNull() @IsInt() @Min(0) @Max(100_000)
  position?: number;
}

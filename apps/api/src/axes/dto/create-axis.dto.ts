import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalNotNull, Trim } from '../../working-groups/dto/validation';
import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export class CreateAxisDto {
  @ApiProperty({ example: 'AXE-5', description: 'Unique short code (letters, digits, `-`, `_`, `.`)' })
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, { message: 'code: 1 à 32 caractères parmi lettres, chiffres, « - », « _ » et « . »' })
  code: string;

  @ApiProperty({ example: 'Sobriété numérique des territoires' })
  @Trim() @IsString() @MinLength(1) @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ default: '' })
  @OptionalNotNull() @Trim() @IsString() @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ default: 0, description: 'Display order (ascending)' })
  @OptionalNotNull() @IsInt() @Min(0) @Max(100_000)
  position?: number;
}

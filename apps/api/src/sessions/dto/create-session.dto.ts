import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { OptionalNotNull, Trim } from '../../working-groups/dto/validation';
import { AgendaItemDto } from './agenda-item.dto';

export const MAX_AGENDA_ITEMS = 50;

export class CreateSessionDto {
  @ApiProperty({ example: 'Atelier ouvert n° 3' })
  @Trim() @IsString() @MinLength(1) @MaxLength(200)
  title: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true, strictSeparator: true })
  startsAt: string;

  @ApiProperty({ format: 'date-time', description: 'After startsAt' })
  @IsISO8601({ strict: true, strictSeparator: true })
  endsAt: string;

  @ApiPropertyOptional({ type: [AgendaItemDto], description: 'Ordered; each recommendation at most once' })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(MAX_AGENDA_ITEMS) @ValidateNested({ each: true }) @Type(() => AgendaItemDto)
  agenda?: AgendaItemDto[];
}

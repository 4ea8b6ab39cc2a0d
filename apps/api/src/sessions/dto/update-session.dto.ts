import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { SESSION_PHASES, SessionPhase } from '@app/domain';
import { OptionalNotNull, Trim } from '../../working-groups/dto/validation';
import { AgendaItemDto } from './agenda-item.dto';
import { MAX_AGENDA_ITEMS } from './create-session.dto';

export class UpdateSessionDto {
  @ApiPropertyOptional()
  @OptionalNotNull() @Trim() @IsString() @MinLength(1) @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @OptionalNotNull() @IsISO8601({ strict: true, strictSeparator: true })
  startsAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @OptionalNotNull() @IsISO8601({ strict: true, strictSeparator: true })
  endsAt?: string;

  @ApiPropertyOptional({ type: [AgendaItemDto] })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(MAX_AGENDA_ITEMS) @ValidateNested({ each: true }) @Type(() => AgendaItemDto)
  agenda?: AgendaItemDto[];

  @ApiPropertyOptional({ enum: SESSION_PHASES, description: 'scheduled → open → drafting → voting → closed, forward only (409 otherwise)' })
  @OptionalNotNull() @IsIn(SESSION_PHASES)
  phase?: SessionPhase;
}

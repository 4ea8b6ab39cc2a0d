import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';

/** Longest timer of a live session: four hours (API.md, Realtime). */
export const TIMER_MAX_SECONDS = 4 * 3600;

export class SetTimerDto {
  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: TIMER_MAX_SECONDS, description: 'Durée du minuteur en secondes (au plus 4 h), ou null pour l’arrêter' })
  @ValidateIf((o: SetTimerDto) => o.seconds !== null)
  @IsInt()
  @Min(1)
  @Max(TIMER_MAX_SECONDS)
  seconds: number | null;
}

import { ApiProperty } from '@nestjs/swagger';
import type { SessionPhase } from '@app/domain';
import { ApiEnum, ApiNullableString } from '../common/openapi';
import type { Session } from '@app/database';

export class AgendaItemResponse {
  @ApiProperty({ format: 'uuid' }) recommendationId: string;
  @ApiProperty() minutes: number;
}

export class SessionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) workingGroupId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiEnum('SessionPhase') phase: SessionPhase;
  @ApiProperty({ type: [AgendaItemResponse] }) agenda: AgendaItemResponse[];
  @ApiNullableString({ format: 'date-time' }) timerEndsAt: string | null;
}

export function toSessionResponse(s: Session): SessionResponse {
  return {
    id: s.id,
    workingGroupId: s.workingGroupId,
    title: s.title,
    startsAt: new Date(s.startsAt).toISOString(),
    endsAt: new Date(s.endsAt).toISOString(),
    phase: s.phase,
    agenda: s.agenda.map((a) => ({ recommendationId: a.recommendationId, minutes: a.minutes })),
    timerEndsAt: s.timerEndsAt ? new Date(s.timerEndsAt).toISOString() : null,
  };
}

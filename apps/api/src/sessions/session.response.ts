import type { Session } from '@app/database';

export function toSessionResponse(s: Session) {
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

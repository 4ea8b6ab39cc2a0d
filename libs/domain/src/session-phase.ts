export const SESSION_PHASES = ['scheduled', 'open', 'drafting', 'voting', 'closed'] as const;
export type SessionPhase = (typeof SESSION_PHASES)[number];

/** Phases only move forward (skipping is allowed); staying or going back is refused. */
export function canMovePhase(from: SessionPhase, to: SessionPhase): boolean {
  return SESSION_PHASES.indexOf(to) > SESSION_PHASES.indexOf(from);
}

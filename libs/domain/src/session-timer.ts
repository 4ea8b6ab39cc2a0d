import { conflict, ErrorCode, invalid } from './errors';
import type { SessionPhase } from './session-phase';

/** Longest timer a facilitator may set (seconds). */
export const MAX_TIMER_SECONDS = 8 * 3600;

/**
 * When a timer started now for `seconds` runs out (null stops it): 400 for anything but an
 * integer from 1 to MAX_TIMER_SECONDS or null, 409 on a closed session.
 */
export function timerEndsAt(phase: SessionPhase, seconds: number | null, now: number): Date | null {
  checkTimerSeconds(seconds);
  if (phase === 'closed') throw conflict('La séance est close', ErrorCode.InvalidTransition);
  return seconds === null ? null : new Date(now + seconds * 1000);
}

/** 400 unless `seconds` is an integer from 1 to MAX_TIMER_SECONDS, or null (checked before any read). */
export function checkTimerSeconds(seconds: number | null): void {
  if (seconds !== null && (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_TIMER_SECONDS)) {
    throw invalid(`seconds: entier entre 1 et ${MAX_TIMER_SECONDS}, ou null`);
  }
}

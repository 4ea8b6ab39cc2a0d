/** Validation of what clients emit on `/live`: every payload is checked, nothing is trusted. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Longest timer a facilitator may set: four hours. */
export const TIMER_MAX_SECONDS = 4 * 3600;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(body: Record<string, unknown>, allowed: string[]): string | null {
  const extra = Object.keys(body).filter((k) => !allowed.includes(k));
  return extra.length ? `Champ(s) inconnu(s) : ${extra.slice(0, 5).join(', ')}` : null;
}

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID.test(v);
}

/** `{sessionId}` of `session:join` and `session:leave`. */
export function parseSessionRef(body: unknown): Parsed<{ sessionId: string }> {
  if (!isPlainObject(body)) return { ok: false, error: 'Message invalide : un objet {sessionId} est attendu' };
  const extra = onlyKeys(body, ['sessionId']);
  if (extra) return { ok: false, error: extra };
  if (!isUuid(body.sessionId)) return { ok: false, error: 'sessionId doit être un identifiant UUID' };
  return { ok: true, value: { sessionId: body.sessionId.toLowerCase() } };
}

/** A timer length: a whole number of seconds in ]0, 4 h], or null to clear the timer. */
export function validTimerSeconds(seconds: unknown): seconds is number | null {
  return seconds === null || (typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0 && seconds <= TIMER_MAX_SECONDS);
}

export const TIMER_SECONDS_MESSAGE = `seconds doit être un nombre entier de secondes entre 1 et ${TIMER_MAX_SECONDS}, ou null`;

/** `{sessionId, seconds|null}` of `timer:set`. */
export function parseTimerSet(body: unknown): Parsed<{ sessionId: string; seconds: number | null }> {
  if (!isPlainObject(body)) return { ok: false, error: 'Message invalide : un objet {sessionId, seconds} est attendu' };
  const extra = onlyKeys(body, ['sessionId', 'seconds']);
  if (extra) return { ok: false, error: extra };
  if (!isUuid(body.sessionId)) return { ok: false, error: 'sessionId doit être un identifiant UUID' };
  if (!('seconds' in body) || !validTimerSeconds(body.seconds)) return { ok: false, error: TIMER_SECONDS_MESSAGE };
  return { ok: true, value: { sessionId: body.sessionId.toLowerCase(), seconds: body.seconds } };
}

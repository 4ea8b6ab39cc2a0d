import { parseSessionRef, parseTimerSet, TIMER_MAX_SECONDS } from './live.payloads';

const ID = '5f0c6b1e-8f4a-4c39-9d51-2a8f7d2e9b10';

describe('live payloads', () => {
  it('accepts {sessionId} and normalises the id', () => {
    expect(parseSessionRef({ sessionId: ID.toUpperCase() })).toEqual({ ok: true, value: { sessionId: ID } });
  });

  it.each([undefined, null, 42, 'x', [], [ID], {}, { sessionId: 'abc' }, { sessionId: 12 }, { sessionId: ID, extra: 1 }, { sessionId: `${ID} ` }])(
    'refuses %p as a session reference',
    (body) => {
      const r = parseSessionRef(body);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(typeof r.error).toBe('string');
    },
  );

  it('accepts a timer of 1 s to 4 h, or null', () => {
    expect(parseTimerSet({ sessionId: ID, seconds: 1 })).toEqual({ ok: true, value: { sessionId: ID, seconds: 1 } });
    expect(parseTimerSet({ sessionId: ID, seconds: TIMER_MAX_SECONDS })).toMatchObject({ ok: true });
    expect(parseTimerSet({ sessionId: ID, seconds: null })).toEqual({ ok: true, value: { sessionId: ID, seconds: null } });
  });

  it.each([0, -5, 1.5, TIMER_MAX_SECONDS + 1, '60', NaN, Infinity, undefined, {}])('refuses seconds = %p', (seconds) => {
    expect(parseTimerSet({ sessionId: ID, seconds }).ok).toBe(false);
  });

  it('refuses a timer without seconds, with unknown fields or without a valid session id', () => {
    expect(parseTimerSet({ sessionId: ID }).ok).toBe(false);
    expect(parseTimerSet({ sessionId: ID, seconds: 60, x: 1 }).ok).toBe(false);
    expect(parseTimerSet({ sessionId: 'nope', seconds: 60 }).ok).toBe(false);
    expect(parseTimerSet('{"sessionId":1}').ok).toBe(false);
  });
});

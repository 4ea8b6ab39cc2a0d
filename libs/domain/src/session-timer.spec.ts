import { DomainError, ErrorCode } from './errors';
import { MAX_TIMER_SECONDS, timerEndsAt } from './session-timer';

describe('the session timer rule', () => {
  const now = Date.UTC(2031, 0, 10, 9, 0, 0);
  const codeOf = (f: () => unknown) => {
    try {
      f();
      return 'ok';
    } catch (err) {
      return err instanceof DomainError ? err.code : String(err);
    }
  };

  it.each([
    ['open', 90, new Date(now + 90_000)],
    ['scheduled', 1, new Date(now + 1000)],
    ['voting', MAX_TIMER_SECONDS, new Date(now + MAX_TIMER_SECONDS * 1000)],
    ['drafting', null, null],
  ] as const)('%s, %s s → %s', (phase, seconds, expected) => {
    expect(timerEndsAt(phase, seconds, now)).toEqual(expected);
  });

  it.each([0, -1, 1.5, MAX_TIMER_SECONDS + 1, Number.NaN])('refuses %s seconds (400)', (seconds) => {
    expect(codeOf(() => timerEndsAt('open', seconds, now))).toBe(ErrorCode.InvalidInput);
  });

  it('refuses a closed session (409), stopping included', () => {
    expect(codeOf(() => timerEndsAt('closed', 60, now))).toBe(ErrorCode.InvalidTransition);
    expect(codeOf(() => timerEndsAt('closed', null, now))).toBe(ErrorCode.InvalidTransition);
  });
});

import fc from 'fast-check';
import { ErrorCode } from '../errors';
import { refusal } from './expect-error';
import { canMoveVoteStatus, checkAcceptsBallots, checkRollSize, nextVoteStatus, transitionRefusal, VOTE_STATUSES, VOTE_TRANSITIONS, VoteStatusName, VoteTransition } from './lifecycle';

describe('vote lifecycle: draft → open → closed', () => {
  it.each<[VoteStatusName, VoteTransition, VoteStatusName | { code: ErrorCode; message: string }]>([
    ['draft', 'open', 'open'],
    ['open', 'open', { code: ErrorCode.InvalidTransition, message: 'Le vote est déjà ouvert' }],
    ['closed', 'open', { code: ErrorCode.InvalidTransition, message: 'Le vote est clos' }],
    ['draft', 'close', { code: ErrorCode.VoteNotOpen, message: 'Le vote n’est pas ouvert' }],
    ['open', 'close', 'closed'],
    ['closed', 'close', { code: ErrorCode.VoteNotOpen, message: 'Le vote est déjà clos' }],
  ])('%s + %s → %j', (status, transition, expected) => {
    if (typeof expected === 'string') {
      expect(nextVoteStatus(status, transition)).toBe(expected);
      expect(transitionRefusal(status, transition)).toBeNull();
    } else {
      expect(refusal(() => nextVoteStatus(status, transition))).toEqual(expected);
    }
  });

  it.each<[VoteStatusName, VoteStatusName, boolean]>([
    ['draft', 'draft', false],
    ['draft', 'open', true],
    ['draft', 'closed', false],
    ['open', 'draft', false],
    ['open', 'open', false],
    ['open', 'closed', true],
    ['closed', 'draft', false],
    ['closed', 'open', false],
    ['closed', 'closed', false],
  ])('canMoveVoteStatus(%s, %s) = %s', (from, to, ok) => {
    expect(canMoveVoteStatus(from, to)).toBe(ok);
  });

  it('never goes back, never skips, and a refused action leaves the status as it was (any sequence of actions)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VOTE_TRANSITIONS), { maxLength: 12 }), (actions) => {
        let status: VoteStatusName = 'draft';
        for (const action of actions) {
          const before = status;
          const refused = transitionRefusal(before, action);
          if (refused) {
            expect(refusal(() => nextVoteStatus(before, action)).code).toBe(refused.code);
            continue;
          }
          status = nextVoteStatus(before, action);
          expect(canMoveVoteStatus(before, status)).toBe(true);
          expect(VOTE_STATUSES.indexOf(status)).toBe(VOTE_STATUSES.indexOf(before) + 1);
        }
        // the status reached is the number of successful steps: open then close at most once each
        const opened = actions.indexOf('open');
        const closedAfter = opened >= 0 && actions.indexOf('close', opened) >= 0;
        expect(status).toBe(opened < 0 ? 'draft' : closedAfter ? 'closed' : 'open');
      }),
    );
  });

  it.each<[VoteStatusName, string | null]>([
    ['draft', 'Le vote n’est pas encore ouvert'],
    ['open', null],
    ['closed', 'Le vote est clos'],
  ])('ballots while %s: %s', (status, message) => {
    if (message === null) expect(() => checkAcceptsBallots(status)).not.toThrow();
    else expect(refusal(() => checkAcceptsBallots(status))).toEqual({ code: ErrorCode.VoteNotOpen, message });
  });

  it('opens only with somebody on the roll', () => {
    expect(refusal(() => checkRollSize(0))).toEqual({ code: ErrorCode.Conflict, message: 'Aucun votant éligible : le groupe n’a ni animateur ni participant' });
    expect(() => checkRollSize(1)).not.toThrow();
  });
});

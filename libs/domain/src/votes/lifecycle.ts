import { conflict, DomainError, ErrorCode } from '../errors';
import type { College, GroupRole } from '../roles';

/** A vote's life: draft → open → closed, never back (API.md "Votes"). */
export const VOTE_STATUSES = ['draft', 'open', 'closed'] as const;
export type VoteStatusName = (typeof VOTE_STATUSES)[number];

/** What a facilitator does to a vote (access rule `runVote`: the group's facilitators, admins not). */
export const VOTE_TRANSITIONS = ['open', 'close'] as const;
export type VoteTransition = (typeof VOTE_TRANSITIONS)[number];

const FROM: Record<VoteTransition, VoteStatusName> = { open: 'draft', close: 'open' };
const TO: Record<VoteTransition, VoteStatusName> = { open: 'open', close: 'closed' };

/** Whether a vote may go from `from` to `to`: one step forward only. */
export function canMoveVoteStatus(from: VoteStatusName, to: VoteStatusName): boolean {
  return VOTE_TRANSITIONS.some((t) => FROM[t] === from && TO[t] === to);
}

/** The refusal of `transition` from `status` (409), or null when it is allowed. */
export function transitionRefusal(status: VoteStatusName, transition: VoteTransition): DomainError | null {
  if (status === FROM[transition]) return null;
  if (transition === 'open') return conflict(status === 'open' ? 'Le vote est déjà ouvert' : 'Le vote est clos', ErrorCode.InvalidTransition);
  return conflict(status === 'draft' ? 'Le vote n’est pas ouvert' : 'Le vote est déjà clos', ErrorCode.VoteNotOpen);
}

/**
 * The status after `transition`, or the 409: opening a vote that is not a draft is
 * `invalid_transition`; closing one that is not open is `vote_not_open`.
 */
export function nextVoteStatus(status: VoteStatusName, transition: VoteTransition): VoteStatusName {
  const refusal = transitionRefusal(status, transition);
  if (refusal) throw refusal;
  return TO[transition];
}

/** Ballots are accepted while the vote is open only (409 `vote_not_open` otherwise). */
export function checkAcceptsBallots(status: VoteStatusName): void {
  if (status !== 'open') throw conflict(status === 'draft' ? 'Le vote n’est pas encore ouvert' : 'Le vote est clos', ErrorCode.VoteNotOpen);
}

/** Who is on the roll frozen at opening: the group's facilitators and participants (observers are not). */
export const ELIGIBLE_GROUP_ROLES: readonly GroupRole[] = ['facilitator', 'participant'];

/** The college of a voter whose organisation has none (or who has no organisation). */
export const DEFAULT_COLLEGE: College = 'civil';

/** A vote opens only with somebody to vote (409). */
export function checkRollSize(eligible: number): void {
  if (eligible === 0) throw conflict('Aucun votant éligible : le groupe n’a ni animateur ni participant');
}

import type { MergeItem, MergeOutcome } from './amendment-merge';

/**
 * Events the API publishes on the bus after a commit; the live gateway relays them to the
 * session rooms, the collab server applies the access ones. Notifications, not state.
 */
export interface PlatformEvents {
  'session.phase': { sessionId: string; workingGroupId: string; phase: string };
  'vote.opened': { voteId: string; workingGroupId: string; sessionId: string | null };
  /** Only for live, non-secret votes; `results` is the current tally (same shape as GET /api/votes/:id/results). */
  'vote.tally': { voteId: string; workingGroupId: string; sessionId: string | null; results?: unknown };
  'vote.closed': { voteId: string; workingGroupId: string; sessionId: string | null; results: unknown };
  'recommendation.locked': { recommendationId: string; workingGroupId: string; locked: boolean };
  /** A recommendation's status changed as the outcome of a vote (v2). */
  'recommendation.status': { recommendationId: string; workingGroupId: string; status: string };
  'membership.changed': { workingGroupId: string; userId: string; role: string | null };
  'timer.set': { sessionId: string; endsAt: string | null };
  /** Axes, groups, recommendations or milestones changed (null: not tied to one group): read caches drop what they hold. */
  'programme.changed': { workingGroupId: string | null };
  /** An amendment was submitted; `sessionIds`: the sessions whose agenda holds the recommendation. */
  'amendment.submitted': { recommendationId: string; amendmentId: string; workingGroupId: string; sessionIds: string[] };
  'amendment.decided': { recommendationId: string; amendmentId: string; status: string; workingGroupId: string; sessionIds: string[] };
  /**
   * A command, not a notification: the API asks the realtime service to merge adopted
   * amendments into a live draft. The node that holds the document (or, when none does, the
   * first that claims the request and loads it) applies them and answers with
   * `draft.apply-amendments.done` and the same `requestId`.
   */
  'draft.apply-amendments': { requestId: string; docName: string; items: MergeItem[] };
  'draft.apply-amendments.done': { requestId: string; outcome?: MergeOutcome; error?: { code: 'locked' | 'failed'; message: string } };
}
export type PlatformEventName = keyof PlatformEvents;
export const PLATFORM_EVENT_NAMES: PlatformEventName[] = [
  'session.phase',
  'vote.opened',
  'vote.tally',
  'vote.closed',
  'recommendation.locked',
  'recommendation.status',
  'membership.changed',
  'timer.set',
  'programme.changed',
  'amendment.submitted',
  'amendment.decided',
  'draft.apply-amendments',
  'draft.apply-amendments.done',
];

/** socket.io event names of the `/live` namespace (API.md, Realtime). */
export const LIVE_NAMESPACE = '/live';
export const LiveEvent = {
  Join: 'session:join',
  Leave: 'session:leave',
  /** To the socket only: it was taken out of a session (its user left the group). */
  Left: 'session:left',
  Phase: 'session:phase',
  VoteOpened: 'vote:opened',
  VoteTally: 'vote:tally',
  VoteClosed: 'vote:closed',
  DraftLocked: 'draft:locked',
  /** `{recommendationId, status}`: a vote's outcome changed a recommendation's status (v2). */
  RecommendationStatus: 'recommendation:status',
  Presence: 'presence',
  Timer: 'timer',
  TimerSet: 'timer:set',
  AmendmentSubmitted: 'amendment:submitted',
  AmendmentDecided: 'amendment:decided',
} as const;

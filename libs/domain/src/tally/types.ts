import type { College } from '../roles';

export const VOTE_METHODS = ['approval', 'majority_judgment', 'consent'] as const;
export type VoteMethodName = (typeof VOTE_METHODS)[number];

export const APPROVAL_CHOICES = ['for', 'against', 'abstain'] as const;
export type ApprovalChoice = (typeof APPROVAL_CHOICES)[number];

export const CONSENT_CHOICES = ['consent', 'objection'] as const;
export type ConsentChoice = (typeof CONSENT_CHOICES)[number];

export type Outcome = 'adopted' | 'rejected' | 'no_quorum';

export interface TallyRules {
  /** Share (0..1) of eligible voters who must cast a ballot; reached when cast/eligible ≥ quorum. */
  quorum?: number;
  /** for/(for+against) must be STRICTLY greater than this (default 0.5). */
  threshold?: number;
  /** The threshold must be passed in the `state` college and in the `local` college separately. */
  doubleMajority?: boolean;
}

/** Who could vote: the number of voters (voter keys) on the frozen roll, in total and by college. */
export interface Electorate {
  eligible: number;
  byCollege?: Partial<Record<College, number>>;
}

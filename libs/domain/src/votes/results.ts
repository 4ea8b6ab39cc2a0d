import { canMoveStatus, type RecommendationStatus } from '../recommendation-status';
import type { College } from '../roles';
import { tallyApproval } from '../tally/approval';
import { tallyConsent } from '../tally/consent';
import type { Grade } from '../tally/grades';
import { tallyMajorityJudgment } from '../tally/majority-judgment';
import type { ApprovalChoice, ConsentChoice, Electorate, Outcome, TallyRules, VoteMethodName } from '../tally/types';

/** A ballot as read back from the box (content as stored), with the voter's name on public votes. */
export interface StoredBallot {
  content: Record<string, unknown>;
  college: College | string;
  voterName?: string | null;
}

export interface VoteForTally {
  method: VoteMethodName;
  rules: TallyRules | null;
  secret: boolean;
}

/** Majority judgment's results list every option: the caller loads them for that method only. */
export function tallyNeedsOptions(method: VoteMethodName): boolean {
  return method === 'majority_judgment';
}

/**
 * The results of a vote from its ballot box and roll, by method. Consent objections carry the
 * objector's name on public votes only. `optionIds` (in the vote's order) matter for majority
 * judgment only.
 */
export function tallyVote(vote: VoteForTally, ballots: readonly StoredBallot[], electorate: Electorate, optionIds: readonly string[] = []): Record<string, unknown> {
  const rules = vote.rules ?? {};
  switch (vote.method) {
    case 'approval':
      return { ...tallyApproval(ballots.map((b) => ({ choice: b.content.choice as ApprovalChoice, college: b.college as College })), electorate, rules) };
    case 'consent':
      return {
        ...tallyConsent(
          ballots.map((b) => ({
            choice: b.content.choice as ConsentChoice,
            reason: (b.content.reason as string | undefined) ?? null,
            ...(vote.secret || b.voterName == null ? {} : { voterName: b.voterName }),
          })),
          electorate,
          { quorum: rules.quorum },
        ),
      };
    case 'majority_judgment':
      return { ...tallyMajorityJudgment(optionIds, ballots.map((b) => ({ grades: b.content.grades as Record<string, Grade> })), electorate) };
  }
}

/** An option as the close sees it. */
export interface DecidingOption {
  versionId: string | null;
  amendmentId: string | null;
  recommendationId: string | null;
}

/** What closing a vote decides besides its results (API.md v2). */
export interface CloseDecisions {
  /** An approval vote on a recommendation version moves that recommendation's status. */
  recommendationId: string | null;
  /** An approval vote on an amendment adopts or rejects it. */
  amendmentId: string | null;
  /** The outcome that decides them (`rejected` when the results carry none). */
  outcome: Outcome;
}

export function closeDecisions(method: VoteMethodName, options: readonly DecidingOption[], results: Record<string, unknown> | null): CloseDecisions {
  const approval = method === 'approval';
  const only = options.length === 1 ? options[0] : null;
  const outcome = (results?.outcome as Outcome | undefined) ?? 'rejected';
  return {
    recommendationId: approval && only?.versionId ? only.recommendationId : null,
    amendmentId: approval ? (options[0]?.amendmentId ?? null) : null,
    outcome,
  };
}

/**
 * The status an approval vote on a version gives its recommendation, or null when it changes
 * nothing: adopted → `adopted` (through `under_review` from a draft); anything else puts a draft
 * `under_review`; a recommendation already decided or withdrawn stays as it is.
 */
export function recommendationStatusAfterVote(current: RecommendationStatus, outcome: Outcome): RecommendationStatus | null {
  const wanted: RecommendationStatus = outcome === 'adopted' ? 'adopted' : 'under_review';
  let path: RecommendationStatus[] = [];
  if (current === 'draft') path = wanted === 'adopted' ? ['under_review', 'adopted'] : ['under_review'];
  else if (current === 'under_review' && wanted === 'adopted') path = ['adopted'];
  if (path.length === 0) return null;
  let from = current;
  for (const to of path) {
    if (!canMoveStatus(from, to)) return null;
    from = to;
  }
  return wanted;
}

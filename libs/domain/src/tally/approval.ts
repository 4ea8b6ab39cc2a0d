import { COLLEGES, College } from '../roles';
import type { ApprovalChoice, Electorate, Outcome, TallyRules } from './types';

export interface ApprovalBallot {
  choice: ApprovalChoice;
  college: College;
}

export interface ApprovalCounts {
  eligible: number;
  cast: number;
  for: number;
  against: number;
  abstain: number;
}

export interface ApprovalResults extends ApprovalCounts {
  byCollege: Record<College, ApprovalCounts>;
  outcome: Outcome;
}

export const DEFAULT_THRESHOLD = 0.5;

const empty = (eligible: number): ApprovalCounts => ({ eligible, cast: 0, for: 0, against: 0, abstain: 0 });

/** for/(for+against) strictly above the threshold; nothing expressed (only abstentions) never passes. */
export function passesThreshold(c: Pick<ApprovalCounts, 'for' | 'against'>, threshold: number): boolean {
  const expressed = c.for + c.against;
  return expressed > 0 && c.for / expressed > threshold;
}

/** Reached when cast/eligible ≥ quorum. No quorum rule: always reached. Nobody on the roll: never reached. */
export function quorumReached(cast: number, eligible: number, quorum: number | undefined): boolean {
  if (quorum === undefined) return true;
  if (eligible <= 0) return false;
  return cast / eligible >= quorum;
}

/**
 * Approval vote on one option: for / against / abstain.
 * - outcome `no_quorum` when no ballot was cast at all, or when the quorum rule is not met;
 * - otherwise `adopted` when for/(for+against) > threshold (strictly), in total, or, with
 *   `doubleMajority`, in the `state` college AND in the `local` college (each taken alone; a
 *   college with no for/against ballot does not pass); else `rejected`.
 */
export function tallyApproval(ballots: readonly ApprovalBallot[], electorate: Electorate, rules: TallyRules = {}): ApprovalResults {
  const total = empty(electorate.eligible);
  const byCollege = Object.fromEntries(COLLEGES.map((c) => [c, empty(electorate.byCollege?.[c] ?? 0)])) as Record<College, ApprovalCounts>;
  for (const b of ballots) {
    for (const counts of [total, byCollege[b.college]]) {
      counts.cast++;
      counts[b.choice]++;
    }
  }
  const threshold = rules.threshold ?? DEFAULT_THRESHOLD;
  let outcome: Outcome;
  if (total.cast === 0 || !quorumReached(total.cast, total.eligible, rules.quorum)) outcome = 'no_quorum';
  else if (rules.doubleMajority) {
    outcome = passesThreshold(byCollege.state, threshold) && passesThreshold(byCollege.local, threshold) ? 'adopted' : 'rejected';
  } else outcome = passesThreshold(total, threshold) ? 'adopted' : 'rejected';
  return { ...total, byCollege, outcome };
}

import type { ConsentChoice, Electorate, Outcome, TallyRules } from './types';
import { quorumReached } from './approval';

export interface ConsentBallot {
  choice: ConsentChoice;
  reason?: string | null;
  /** Only for public votes: who objected. Never given for secret votes. */
  voterName?: string;
}

export interface ConsentResults {
  eligible: number;
  cast: number;
  consent: number;
  objection: number;
  objections: { reason: string; voterName?: string }[];
  outcome: Outcome;
}

/**
 * Consent: adopted only when nobody objects. `no_quorum` when no ballot was cast or the quorum
 * rule (if any) is not met. Objection reasons are sorted when no name comes with them, so that
 * their order says nothing about the order of the ballots.
 */
export function tallyConsent(ballots: readonly ConsentBallot[], electorate: Electorate, rules: Pick<TallyRules, 'quorum'> = {}): ConsentResults {
  let consent = 0;
  const objections: { reason: string; voterName?: string }[] = [];
  for (const b of ballots) {
    if (b.choice === 'consent') consent++;
    else objections.push(b.voterName === undefined ? { reason: b.reason ?? '' } : { reason: b.reason ?? '', voterName: b.voterName });
  }
  objections.sort((a, b) => (a.voterName ?? '').localeCompare(b.voterName ?? '') || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  const cast = ballots.length;
  let outcome: Outcome;
  if (cast === 0 || !quorumReached(cast, electorate.eligible, rules.quorum)) outcome = 'no_quorum';
  else outcome = objections.length === 0 ? 'adopted' : 'rejected';
  return { eligible: electorate.eligible, cast, consent, objection: objections.length, objections, outcome };
}

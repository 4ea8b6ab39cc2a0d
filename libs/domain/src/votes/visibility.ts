import { forbidden } from '../errors';
import type { ResultsVisibility } from './creation';
import type { VoteStatusName } from './lifecycle';

/** What decides who sees a vote's results and ballots, and when. */
export interface VoteVisibility {
  status: VoteStatusName;
  secret: boolean;
  resultsVisibility: ResultsVisibility;
}

/** Live tallies (`vote.tally` events, partial results) exist for public votes with `resultsVisibility:'live'` only. */
export function hasLiveTally(vote: Pick<VoteVisibility, 'secret' | 'resultsVisibility'>): boolean {
  return !vote.secret && vote.resultsVisibility === 'live';
}

/** Results are read by the group's members once closed, and while open for live public votes. */
export function resultsVisible(vote: VoteVisibility): boolean {
  return vote.status === 'closed' || (vote.status === 'open' && hasLiveTally(vote));
}

/** 403 (not 409: the vote is in a normal state, the reader may just not see its partial tally yet). */
export function checkResultsVisible(vote: VoteVisibility): void {
  if (resultsVisible(vote)) return;
  throw forbidden(vote.status === 'draft' ? 'Le vote n’est pas encore ouvert' : 'Les résultats seront publiés à la clôture du vote');
}

/** Who voted what: never for a secret vote (403), and for a public one under the results' rule. */
export function checkBallotsListable(vote: VoteVisibility): void {
  if (vote.secret) throw forbidden('Vote secret : les bulletins ne sont pas nominatifs');
  checkResultsVisible(vote);
}

/** A closed vote answers the results stored at close; otherwise they are counted now. */
export function usesStoredResults(vote: { status: VoteStatusName; results: unknown }): boolean {
  return vote.status === 'closed' && !!vote.results;
}

/** The voter of a public vote sees what they chose; a secret ballot is linked to no one. */
export function showsOwnBallot(vote: Pick<VoteVisibility, 'secret'>, voted: boolean): boolean {
  return voted && !vote.secret;
}

/** The roll's size is known once the vote is open (a draft has no roll yet). */
export function hasRoll(vote: Pick<VoteVisibility, 'status'>): boolean {
  return vote.status !== 'draft';
}

import { ErrorCode } from '../errors';
import { refusal } from './expect-error';
import { VoteStatusName } from './lifecycle';
import { checkBallotsListable, checkResultsVisible, hasLiveTally, hasRoll, resultsVisible, showsOwnBallot, usesStoredResults, VoteVisibility } from './visibility';

const NOT_YET = { code: ErrorCode.Forbidden, message: 'Le vote n’est pas encore ouvert' };
const AT_CLOSE = { code: ErrorCode.Forbidden, message: 'Les résultats seront publiés à la clôture du vote' };
const SECRET = { code: ErrorCode.Forbidden, message: 'Vote secret : les bulletins ne sont pas nominatifs' };

type Outcome = 'ok' | typeof NOT_YET;

describe('who sees results and ballots, and when', () => {
  // every combination: status × secret × resultsVisibility (secret + live cannot be created, but the rule stays safe)
  it.each<[VoteStatusName, boolean, VoteVisibility['resultsVisibility'], boolean, Outcome, Outcome]>([
    // status, secret, visibility, live tally, results, ballots
    ['draft', false, 'after_close', false, NOT_YET, NOT_YET],
    ['draft', false, 'live', true, NOT_YET, NOT_YET],
    ['draft', true, 'after_close', false, NOT_YET, SECRET],
    ['draft', true, 'live', false, NOT_YET, SECRET],
    ['open', false, 'after_close', false, AT_CLOSE, AT_CLOSE],
    ['open', false, 'live', true, 'ok', 'ok'],
    ['open', true, 'after_close', false, AT_CLOSE, SECRET],
    ['open', true, 'live', false, AT_CLOSE, SECRET],
    ['closed', false, 'after_close', false, 'ok', 'ok'],
    ['closed', false, 'live', true, 'ok', 'ok'],
    ['closed', true, 'after_close', false, 'ok', SECRET],
    ['closed', true, 'live', false, 'ok', SECRET],
  ])('%s, secret %s, %s: live tally %s, results %j, ballots %j', (status, secret, resultsVisibility, live, results, ballots) => {
    const vote = { status, secret, resultsVisibility };
    expect(hasLiveTally(vote)).toBe(live);
    expect(resultsVisible(vote)).toBe(results === 'ok');
    if (results === 'ok') expect(() => checkResultsVisible(vote)).not.toThrow();
    else expect(refusal(() => checkResultsVisible(vote))).toEqual(results);
    if (ballots === 'ok') expect(() => checkBallotsListable(vote)).not.toThrow();
    else expect(refusal(() => checkBallotsListable(vote))).toEqual(ballots);
  });

  it.each<[VoteStatusName, unknown, boolean]>([
    ['closed', { outcome: 'adopted' }, true],
    ['closed', null, false],
    ['open', { outcome: 'adopted' }, false],
    ['draft', null, false],
  ])('a %s vote with stored results %j answers them: %s', (status, results, stored) => {
    expect(usesStoredResults({ status, results })).toBe(stored);
  });

  it.each<[boolean, boolean, boolean]>([
    [false, true, true],
    [false, false, false],
    [true, true, false],
    [true, false, false],
  ])('secret %s, voted %s: the voter sees their ballot %s', (secret, voted, shown) => {
    expect(showsOwnBallot({ secret }, voted)).toBe(shown);
  });

  it.each<[VoteStatusName, boolean]>([
    ['draft', false],
    ['open', true],
    ['closed', true],
  ])('a %s vote has a roll: %s', (status, roll) => {
    expect(hasRoll({ status })).toBe(roll);
  });
});

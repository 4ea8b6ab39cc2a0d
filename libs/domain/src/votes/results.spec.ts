import fc from 'fast-check';
import { RECOMMENDATION_STATUSES, RecommendationStatus, canMoveStatus } from '../recommendation-status';
import { tallyApproval } from '../tally/approval';
import { tallyMajorityJudgment } from '../tally/majority-judgment';
import type { Electorate, Outcome } from '../tally/types';
import { closeDecisions, DecidingOption, recommendationStatusAfterVote, StoredBallot, tallyNeedsOptions, tallyVote } from './results';

const electorate: Electorate = { eligible: 4, byCollege: { state: 1, local: 2, civil: 1 } };

describe('results of a vote, by method', () => {
  it('approval counts choices by college under the vote’s rules', () => {
    const ballots: StoredBallot[] = [
      { content: { optionId: 'o', choice: 'for' }, college: 'state' },
      { content: { optionId: 'o', choice: 'for' }, college: 'local' },
      { content: { optionId: 'o', choice: 'against' }, college: 'local' },
    ];
    const results = tallyVote({ method: 'approval', rules: { threshold: 0.6 }, secret: false }, ballots, electorate);
    expect(results).toEqual({ ...tallyApproval(ballots.map((b) => ({ choice: b.content.choice as 'for', college: b.college as 'state' })), electorate, { threshold: 0.6 }) });
    expect(results).toMatchObject({ cast: 3, for: 2, against: 1, outcome: 'adopted' });
    expect(tallyVote({ method: 'approval', rules: null, secret: false }, [], electorate)).toMatchObject({ cast: 0, outcome: 'no_quorum' });
  });

  it('consent names objectors on public votes only', () => {
    const ballots: StoredBallot[] = [
      { content: { optionId: 'o', choice: 'objection', reason: 'trop cher' }, college: '', voterName: 'Paul' },
      { content: { optionId: 'o', choice: 'consent' }, college: '', voterName: 'Sophie' },
      { content: { optionId: 'o', choice: 'objection', reason: 'flou' }, college: '', voterName: null },
    ];
    const pub = tallyVote({ method: 'consent', rules: {}, secret: false }, ballots, electorate);
    expect(pub).toMatchObject({ cast: 3, consent: 1, objection: 2, outcome: 'rejected' });
    expect(pub.objections).toEqual(expect.arrayContaining([{ reason: 'trop cher', voterName: 'Paul' }, { reason: 'flou' }]));
    const secret = tallyVote({ method: 'consent', rules: {}, secret: true }, ballots, electorate);
    expect(JSON.stringify(secret)).not.toContain('Paul');
    expect(secret.objections).toEqual(expect.arrayContaining([{ reason: 'trop cher' }, { reason: 'flou' }]));
    expect(tallyVote({ method: 'consent', rules: { quorum: 1 }, secret: false }, ballots.slice(1, 2), electorate)).toMatchObject({ outcome: 'no_quorum' });
  });

  it('majority judgment grades the options in the vote’s order', () => {
    expect(tallyNeedsOptions('majority_judgment')).toBe(true);
    expect(tallyNeedsOptions('approval')).toBe(false);
    expect(tallyNeedsOptions('consent')).toBe(false);
    const ballots: StoredBallot[] = [{ content: { grades: { a: 'good', b: 'reject' } }, college: '' }];
    expect(tallyVote({ method: 'majority_judgment', rules: {}, secret: true }, ballots, electorate, ['a', 'b'])).toEqual({
      ...tallyMajorityJudgment(['a', 'b'], [{ grades: { a: 'good', b: 'reject' } }], electorate),
    });
  });
});

describe('what closing a vote decides', () => {
  const version: DecidingOption = { versionId: 'v', amendmentId: null, recommendationId: 'r' };
  const amendment: DecidingOption = { versionId: null, amendmentId: 'a', recommendationId: null };
  const label: DecidingOption = { versionId: null, amendmentId: null, recommendationId: null };

  it.each<[string, 'approval' | 'consent' | 'majority_judgment', DecidingOption[], Record<string, unknown> | null, { recommendationId: string | null; amendmentId: string | null; outcome: Outcome }]>([
    ['approval on a version', 'approval', [version], { outcome: 'adopted' }, { recommendationId: 'r', amendmentId: null, outcome: 'adopted' }],
    ['approval on a version, no quorum', 'approval', [version], { outcome: 'no_quorum' }, { recommendationId: 'r', amendmentId: null, outcome: 'no_quorum' }],
    ['approval on an amendment', 'approval', [amendment], { outcome: 'rejected' }, { recommendationId: null, amendmentId: 'a', outcome: 'rejected' }],
    ['consent on a version decides nothing', 'consent', [version], { outcome: 'adopted' }, { recommendationId: null, amendmentId: null, outcome: 'adopted' }],
    ['majority judgment decides nothing', 'majority_judgment', [version, label], { options: [] }, { recommendationId: null, amendmentId: null, outcome: 'rejected' }],
    ['no results: rejected', 'approval', [amendment], null, { recommendationId: null, amendmentId: 'a', outcome: 'rejected' }],
  ])('%s', (_name, method, options, results, expected) => {
    expect(closeDecisions(method, options, results)).toEqual(expected);
  });

  // the recommendation's status after an approval vote on one of its versions
  it.each<[RecommendationStatus, Outcome, RecommendationStatus | null]>([
    ['draft', 'adopted', 'adopted'],
    ['draft', 'rejected', 'under_review'],
    ['draft', 'no_quorum', 'under_review'],
    ['under_review', 'adopted', 'adopted'],
    ['under_review', 'rejected', null],
    ['under_review', 'no_quorum', null],
    ['adopted', 'adopted', null],
    ['adopted', 'rejected', null],
    ['rejected', 'adopted', null],
    ['withdrawn', 'adopted', null],
    ['withdrawn', 'rejected', null],
  ])('a %s recommendation, outcome %s → %s', (current, outcome, expected) => {
    expect(recommendationStatusAfterVote(current, outcome)).toBe(expected);
  });

  it('a vote never moves a recommendation backwards nor out of a final state', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RECOMMENDATION_STATUSES), fc.constantFrom<Outcome>('adopted', 'rejected', 'no_quorum'), (current, outcome) => {
        const to = recommendationStatusAfterVote(current, outcome);
        if (to === null) return;
        expect(to === 'adopted' || (to === 'under_review' && current === 'draft')).toBe(true);
        // reachable from the current status by allowed moves
        expect(canMoveStatus(current, to) || (canMoveStatus(current, 'under_review') && canMoveStatus('under_review', to))).toBe(true);
      }),
    );
  });
});

import { publicVoteResults } from './vote-results';

describe('public vote results', () => {
  it('keeps tallies and outcomes of an approval vote, drops anything else', () => {
    const stored = {
      voteId: 'v', eligible: 10, cast: 7, for: 4, against: 2, abstain: 1, outcome: 'adopted', voters: ['u1', 'u2'], receipts: ['r'],
      byCollege: { state: { eligible: 3, cast: 2, for: 2, against: 0, abstain: 0, userIds: ['u1'] }, hackers: { for: 1 } },
    };
    expect(publicVoteResults(stored, false)).toEqual({
      eligible: 10, cast: 7, for: 4, against: 2, abstain: 1, outcome: 'adopted',
      byCollege: { state: { eligible: 3, cast: 2, for: 2, against: 0, abstain: 0 } },
    });
  });

  it('keeps majority judgment distributions and ranks', () => {
    const stored = { eligible: 3, cast: 3, options: [{ optionId: 'o1', distribution: { good: 2, reject: 1, voter: 'x' }, majorityGrade: 'good', rank: 1, ballots: [{ userId: 'u' }] }] };
    expect(publicVoteResults(stored, true)).toEqual({ eligible: 3, cast: 3, options: [{ optionId: 'o1', distribution: { good: 2, reject: 1 }, majorityGrade: 'good', rank: 1 }] });
  });

  it('keeps objection reasons of a public consent vote without names, and none of a secret one', () => {
    const stored = { eligible: 5, cast: 2, consent: 1, objection: 1, outcome: 'rejected', objections: [{ reason: 'Trop cher', voterName: 'Élise Petit' }] };
    expect(publicVoteResults(stored, false)?.objections).toEqual([{ reason: 'Trop cher' }]);
    expect(publicVoteResults(stored, true)).toEqual({ eligible: 5, cast: 2, consent: 1, objection: 1, outcome: 'rejected' });
  });

  it('returns null for missing results and ignores wrong types', () => {
    expect(publicVoteResults(null, false)).toBeNull();
    expect(publicVoteResults([1, 2], false)).toBeNull();
    expect(publicVoteResults({ cast: '7', outcome: 3, eligible: Infinity }, false)).toEqual({});
  });
});

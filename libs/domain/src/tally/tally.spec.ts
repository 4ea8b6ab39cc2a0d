import fc from 'fast-check';
import { COLLEGES, College } from '../roles';
import { ApprovalBallot, tallyApproval } from './approval';
import { ConsentBallot, tallyConsent } from './consent';
import { Grade, GRADES } from './grades';
import { MajorityJudgmentBallot, majorityValue, tallyMajorityJudgment } from './majority-judgment';
import type { ApprovalChoice } from './types';

// ---------- naive reference implementations (written differently on purpose) ----------

/** Thresholds and quorums are generated as k/100 so the reference can use exact integers. */
function naiveApproval(ballots: ApprovalBallot[], eligible: number, byCollege: Record<College, number>, rules: { quorumPct?: number; thresholdPct?: number; doubleMajority?: boolean }) {
  const count = (bs: ApprovalBallot[], c: ApprovalChoice) => bs.filter((b) => b.choice === c).length;
  const passes = (bs: ApprovalBallot[]) => {
    const f = count(bs, 'for');
    const a = count(bs, 'against');
    return f + a > 0 && f * 100 > (rules.thresholdPct ?? 50) * (f + a);
  };
  const colleges: Record<string, unknown> = {};
  for (const c of COLLEGES) {
    const bs = ballots.filter((b) => b.college === c);
    colleges[c] = { eligible: byCollege[c], cast: bs.length, for: count(bs, 'for'), against: count(bs, 'against'), abstain: count(bs, 'abstain') };
  }
  let outcome: string;
  const quorumOk = rules.quorumPct === undefined || (eligible > 0 && ballots.length * 100 >= rules.quorumPct * eligible);
  if (ballots.length === 0 || !quorumOk) outcome = 'no_quorum';
  else if (rules.doubleMajority) outcome = passes(ballots.filter((b) => b.college === 'state')) && passes(ballots.filter((b) => b.college === 'local')) ? 'adopted' : 'rejected';
  else outcome = passes(ballots) ? 'adopted' : 'rejected';
  return { eligible, cast: ballots.length, for: count(ballots, 'for'), against: count(ballots, 'against'), abstain: count(ballots, 'abstain'), byCollege: colleges, outcome };
}

/** Majority grade: the best grade that strictly more than half of the ballots give or exceed. */
function naiveMajorityGrade(grades: number[]): number | null {
  for (let g = 0; g < GRADES.length; g++) {
    if (grades.filter((x) => x <= g).length * 2 > grades.length) return g;
  }
  return null;
}

/** Balinski–Laraki between two options, by literally removing ballots one at a time. */
function naiveCompare(a: number[], b: number[]): number {
  const x = [...a];
  const y = [...b];
  while (x.length > 0 && y.length > 0) {
    const mx = naiveMajorityGrade(x)!;
    const my = naiveMajorityGrade(y)!;
    if (mx !== my) return mx - my;
    x.splice(x.indexOf(mx), 1);
    y.splice(y.indexOf(my), 1);
  }
  return 0;
}

function naiveMajorityJudgment(optionIds: string[], ballots: MajorityJudgmentBallot[]) {
  const gradesOf = (id: string) => ballots.map((b) => GRADES.indexOf(b.grades[id]));
  return optionIds.map((id) => {
    const mine = gradesOf(id);
    const mg = naiveMajorityGrade(mine);
    return {
      optionId: id,
      distribution: Object.fromEntries(GRADES.map((g, i) => [g, mine.filter((x) => x === i).length])),
      majorityGrade: mg === null ? null : GRADES[mg],
      rank: 1 + optionIds.filter((other) => naiveCompare(gradesOf(other), mine) < 0).length,
    };
  });
}

// ---------- generators ----------

const college = fc.constantFrom<College>(...COLLEGES);
const approvalBallot = fc.record({ choice: fc.constantFrom<ApprovalChoice>('for', 'against', 'abstain'), college });
const grade = fc.constantFrom<Grade>(...GRADES);

describe('tallyApproval', () => {
  it('matches the naive reference on random ballots and rules', () => {
    fc.assert(
      fc.property(
        fc.array(approvalBallot, { maxLength: 60 }),
        fc.record({ state: fc.nat(10), local: fc.nat(10), civil: fc.nat(10) }),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        fc.boolean(),
        (ballots, extra, quorumPct, thresholdPct, doubleMajority) => {
          const byCollege = { state: 0, local: 0, civil: 0 } as Record<College, number>;
          for (const b of ballots) byCollege[b.college]++;
          for (const c of COLLEGES) byCollege[c] += extra[c];
          const eligible = byCollege.state + byCollege.local + byCollege.civil;
          const rules = { quorum: quorumPct === undefined ? undefined : quorumPct / 100, threshold: thresholdPct === undefined ? undefined : thresholdPct / 100, doubleMajority };
          expect(tallyApproval(ballots, { eligible, byCollege }, rules)).toEqual(naiveApproval(ballots, eligible, byCollege, { quorumPct, thresholdPct, doubleMajority }));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of the ballots', () => {
    fc.assert(
      fc.property(
        fc.array(approvalBallot, { maxLength: 40 }).chain((bs) => fc.tuple(fc.constant(bs), fc.shuffledSubarray(bs, { minLength: bs.length, maxLength: bs.length }))),
        ([ballots, shuffled]) => {
          const e = { eligible: 50 };
          expect(tallyApproval(shuffled, e, { quorum: 0.2 })).toEqual(tallyApproval(ballots, e, { quorum: 0.2 }));
        },
      ),
    );
  });

  it('needs STRICTLY more than the threshold', () => {
    const ballots: ApprovalBallot[] = [
      { choice: 'for', college: 'state' },
      { choice: 'against', college: 'local' },
      { choice: 'abstain', college: 'civil' },
    ];
    expect(tallyApproval(ballots, { eligible: 3 }).outcome).toBe('rejected'); // 1/2 is not > 0.5
    expect(tallyApproval(ballots, { eligible: 3 }, { threshold: 0.49 }).outcome).toBe('adopted');
    const twoThirds: ApprovalBallot[] = [{ choice: 'for', college: 'state' }, { choice: 'for', college: 'state' }, { choice: 'against', college: 'state' }];
    expect(tallyApproval(twoThirds, { eligible: 3 }, { threshold: 2 / 3 }).outcome).toBe('rejected');
    expect(tallyApproval(twoThirds, { eligible: 3 }, { threshold: 0.66 }).outcome).toBe('adopted');
  });

  it('applies the quorum as a share of the eligible voters who cast (abstentions count as cast)', () => {
    const ballots: ApprovalBallot[] = [{ choice: 'for', college: 'state' }, { choice: 'abstain', college: 'local' }, { choice: 'for', college: 'local' }];
    expect(tallyApproval(ballots, { eligible: 10 }, { quorum: 0.3 }).outcome).toBe('adopted'); // 3/10 ≥ 0.3
    expect(tallyApproval(ballots, { eligible: 10 }, { quorum: 0.31 }).outcome).toBe('no_quorum');
    expect(tallyApproval(ballots, { eligible: 3 }, { quorum: 1 }).outcome).toBe('adopted');
  });

  it('with no ballot: no_quorum, whatever the rules; only abstentions: rejected', () => {
    expect(tallyApproval([], { eligible: 5 })).toMatchObject({ cast: 0, for: 0, outcome: 'no_quorum' });
    expect(tallyApproval([], { eligible: 0 }, { quorum: 0 }).outcome).toBe('no_quorum');
    expect(tallyApproval([{ choice: 'abstain', college: 'state' }], { eligible: 1 }).outcome).toBe('rejected');
  });

  it('double majority: the threshold must pass in the state AND the local college', () => {
    const b = (choice: ApprovalChoice, c: College): ApprovalBallot => ({ choice, college: c });
    // overall 4 for / 2 against, but the local college is split 1–1 (not > 0.5)
    const ballots = [b('for', 'state'), b('for', 'state'), b('for', 'local'), b('against', 'local'), b('for', 'civil'), b('against', 'civil')];
    expect(tallyApproval(ballots, { eligible: 6 }).outcome).toBe('adopted');
    expect(tallyApproval(ballots, { eligible: 6 }, { doubleMajority: true }).outcome).toBe('rejected');
    // both colleges pass although the civil college is against
    const both = [b('for', 'state'), b('for', 'local'), b('against', 'civil'), b('against', 'civil'), b('against', 'civil')];
    expect(tallyApproval(both, { eligible: 5 }).outcome).toBe('rejected');
    expect(tallyApproval(both, { eligible: 5 }, { doubleMajority: true }).outcome).toBe('adopted');
    // a college without any for/against ballot does not pass
    expect(tallyApproval([b('for', 'state')], { eligible: 2 }, { doubleMajority: true }).outcome).toBe('rejected');
  });

  it('reports counts by college with their eligible voters', () => {
    const r = tallyApproval([{ choice: 'for', college: 'local' }], { eligible: 4, byCollege: { state: 1, local: 3 } });
    expect(r.byCollege).toEqual({
      state: { eligible: 1, cast: 0, for: 0, against: 0, abstain: 0 },
      local: { eligible: 3, cast: 1, for: 1, against: 0, abstain: 0 },
      civil: { eligible: 0, cast: 0, for: 0, against: 0, abstain: 0 },
    });
  });
});

describe('tallyMajorityJudgment', () => {
  const ids = ['a', 'b', 'c', 'd'];

  it('matches the naive reference (majority grade and Balinski–Laraki ranks)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.tuple(grade, grade, grade, grade), { maxLength: 25 }),
        (k, rows) => {
          const options = ids.slice(0, k);
          const ballots = rows.map((row) => ({ grades: Object.fromEntries(options.map((id, i) => [id, row[i]])) }));
          const r = tallyMajorityJudgment(options, ballots, { eligible: 30 });
          expect(r.cast).toBe(ballots.length);
          expect(r.options).toEqual(naiveMajorityJudgment(options, ballots));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds ties needing several removals (few grades, many equal medians)', () => {
    const close = fc.constantFrom<Grade>('good', 'fair', 'passable');
    fc.assert(
      fc.property(fc.array(fc.tuple(close, close, close), { minLength: 1, maxLength: 12 }), (rows) => {
        const options = ['a', 'b', 'c'];
        const ballots = rows.map((row) => ({ grades: { a: row[0], b: row[1], c: row[2] } }));
        expect(tallyMajorityJudgment(options, ballots, { eligible: 12 }).options).toEqual(naiveMajorityJudgment(options, ballots));
      }),
      { numRuns: 500 },
    );
  });

  it('takes the LOWER median with an even number of ballots', () => {
    const r = tallyMajorityJudgment(['a', 'b'], [{ grades: { a: 'excellent', b: 'good' } }, { grades: { a: 'good', b: 'good' } }], { eligible: 2 });
    expect(r.options[0].majorityGrade).toBe('good');
    expect(majorityValue({ excellent: 1, very_good: 0, good: 1, fair: 0, passable: 0, insufficient: 0, reject: 0 })).toEqual([2, 0]);
  });

  it('breaks a tie that needs two removals', () => {
    // a: E G G R → good; then E G R → good; then E R → reject
    // b: V G G I → good; then V G I → good; then V I → insufficient  ⇒ b is better
    const a: Grade[] = ['excellent', 'good', 'good', 'reject'];
    const b: Grade[] = ['very_good', 'good', 'good', 'insufficient'];
    const ballots = a.map((g, i) => ({ grades: { a: g, b: b[i] } }));
    const r = tallyMajorityJudgment(['a', 'b'], ballots, { eligible: 4 });
    expect(r.options.map((o) => [o.optionId, o.majorityGrade, o.rank])).toEqual([
      ['a', 'good', 2],
      ['b', 'good', 1],
    ]);
  });

  it('breaks a three-way tie step by step and gives equal ranks to identical distributions', () => {
    // majority values: a = fair, fair, fair, passable, good; b = fair ×5 → b beats a at the 4th step
    const cols: Record<string, Grade[]> = {
      a: ['good', 'fair', 'fair', 'fair', 'passable'],
      b: ['fair', 'fair', 'fair', 'fair', 'fair'],
      c: ['good', 'fair', 'fair', 'fair', 'passable'], // same as a: equal rank
      d: ['very_good', 'good', 'passable', 'passable', 'reject'], // passable → last
    };
    const ballots = [0, 1, 2, 3, 4].map((i) => ({ grades: Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v[i]])) as Record<string, Grade> }));
    const r = tallyMajorityJudgment(['a', 'b', 'c', 'd'], ballots, { eligible: 5 });
    expect(Object.fromEntries(r.options.map((o) => [o.optionId, o.rank]))).toEqual({ a: 2, b: 1, c: 2, d: 4 });
    expect(majorityValue(r.options[0].distribution)).toEqual([3, 3, 3, 4, 2]);
  });

  it('with no ballot: no majority grade and every option ranked 1', () => {
    const r = tallyMajorityJudgment(['a', 'b'], [], { eligible: 3 });
    expect(r).toMatchObject({ eligible: 3, cast: 0 });
    expect(r.options.map((o) => [o.majorityGrade, o.rank])).toEqual([
      [null, 1],
      [null, 1],
    ]);
    expect(r.options[0].distribution).toEqual({ excellent: 0, very_good: 0, good: 0, fair: 0, passable: 0, insufficient: 0, reject: 0 });
  });

  it('ranks are a consistent preorder: rank = 1 + number of strictly better options', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(grade, grade, grade), { minLength: 1, maxLength: 15 }), (rows) => {
        const ballots = rows.map((row) => ({ grades: { a: row[0], b: row[1], c: row[2] } }));
        const { options } = tallyMajorityJudgment(['a', 'b', 'c'], ballots, { eligible: 15 });
        for (const o of options) expect(o.rank).toBe(1 + options.filter((x) => x.rank < o.rank).length);
      }),
    );
  });
});

describe('tallyConsent', () => {
  const consentBallot = fc.oneof(
    fc.constant<ConsentBallot>({ choice: 'consent' }),
    fc.string({ minLength: 1, maxLength: 8 }).map<ConsentBallot>((reason) => ({ choice: 'objection', reason })),
  );

  it('matches the naive reference', () => {
    fc.assert(
      fc.property(fc.array(consentBallot, { maxLength: 30 }), fc.nat(20), fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }), (ballots, extra, quorumPct) => {
        const eligible = ballots.length + extra;
        const objections = ballots.filter((b) => b.choice === 'objection');
        const quorumOk = quorumPct === undefined || (eligible > 0 && ballots.length * 100 >= quorumPct * eligible);
        const r = tallyConsent(ballots, { eligible }, { quorum: quorumPct === undefined ? undefined : quorumPct / 100 });
        expect(r).toMatchObject({ eligible, cast: ballots.length, consent: ballots.length - objections.length, objection: objections.length });
        expect(r.objections.map((o) => o.reason)).toEqual(objections.map((o) => o.reason!).sort());
        expect(r.outcome).toBe(ballots.length === 0 || !quorumOk ? 'no_quorum' : objections.length === 0 ? 'adopted' : 'rejected');
      }),
      { numRuns: 300 },
    );
  });

  it('one objection is enough to reject; reasons carry no name unless given', () => {
    const r = tallyConsent([{ choice: 'consent' }, { choice: 'objection', reason: 'Coût trop élevé' }], { eligible: 2 });
    expect(r).toEqual({ eligible: 2, cast: 2, consent: 1, objection: 1, objections: [{ reason: 'Coût trop élevé' }], outcome: 'rejected' });
    expect(tallyConsent([{ choice: 'consent' }], { eligible: 2 }).outcome).toBe('adopted');
    expect(tallyConsent([], { eligible: 2 }).outcome).toBe('no_quorum');
    const named = tallyConsent([{ choice: 'objection', reason: 'x', voterName: 'Paul' }], { eligible: 1 });
    expect(named.objections).toEqual([{ reason: 'x', voterName: 'Paul' }]);
  });
});

import { Grade, GRADES } from './grades';
import type { Electorate } from './types';

export interface MajorityJudgmentBallot {
  /** optionId → grade; every option is graded. */
  grades: Record<string, Grade>;
}

export type GradeDistribution = Record<Grade, number>;

export interface MajorityJudgmentOptionResult {
  optionId: string;
  distribution: GradeDistribution;
  /** The lower median grade; null when no ballot was cast. */
  majorityGrade: Grade | null;
  /** 1 is the best; options that Balinski–Laraki cannot separate share a rank (1, 1, 3…). */
  rank: number;
}

export interface MajorityJudgmentResults {
  eligible: number;
  cast: number;
  options: MajorityJudgmentOptionResult[];
}

export function emptyDistribution(): GradeDistribution {
  return Object.fromEntries(GRADES.map((g) => [g, 0])) as GradeDistribution;
}

/** Index (0 = best) of the lower median of a distribution given as counts per grade index, or -1 when empty. */
function lowerMedianIndex(counts: number[], n: number): number {
  if (n === 0) return -1;
  // sorted best → worst, the lower median is the element at position floor(n/2)
  const target = Math.floor(n / 2);
  let seen = 0;
  for (let g = 0; g < counts.length; g++) {
    seen += counts[g];
    if (seen > target) return g;
  }
  return -1;
}

/**
 * The majority value: the majority grade, then the majority grade once one ballot at that grade
 * is removed, and so on until no ballot remains. Comparing two options by Balinski–Laraki's rule
 * is comparing these sequences lexicographically (a lower index is a better grade).
 */
export function majorityValue(distribution: GradeDistribution): number[] {
  const counts = GRADES.map((g) => distribution[g] ?? 0);
  let n = counts.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  while (n > 0) {
    const g = lowerMedianIndex(counts, n);
    out.push(g);
    counts[g]--;
    n--;
  }
  return out;
}

/** < 0 when a is better than b, > 0 when worse, 0 when no removal separates them. */
export function compareMajorityValues(a: number[], b: number[]): number {
  const len = Math.min(a.length, b.length);
  for (let i = 0; i < len; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * Majority judgment (Balinski & Laraki). Each option's majority grade is its lower median grade;
 * options with the same majority grade are separated by removing one ballot at that grade from
 * each of them and comparing again, until one is higher or no ballots remain (equal ranks).
 * With no ballot at all, every option has majorityGrade null and rank 1.
 */
export function tallyMajorityJudgment(optionIds: readonly string[], ballots: readonly MajorityJudgmentBallot[], electorate: Electorate): MajorityJudgmentResults {
  const distributions = new Map(optionIds.map((id) => [id, emptyDistribution()]));
  for (const b of ballots) {
    for (const id of optionIds) {
      const grade = b.grades[id];
      if (grade === undefined) throw new Error(`ballot does not grade option ${id}`);
      distributions.get(id)![grade]++;
    }
  }
  const values = optionIds.map((id) => majorityValue(distributions.get(id)!));
  const options = optionIds.map((id, i) => {
    const better = values.filter((v) => compareMajorityValues(v, values[i]) < 0).length;
    const mg = values[i][0];
    return { optionId: id, distribution: distributions.get(id)!, majorityGrade: mg === undefined ? null : GRADES[mg], rank: better + 1 };
  });
  return { eligible: electorate.eligible, cast: ballots.length, options };
}

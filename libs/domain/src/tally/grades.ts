/** Majority-judgment grades, best first. */
export const GRADES = ['excellent', 'very_good', 'good', 'fair', 'passable', 'insufficient', 'reject'] as const;
export type Grade = (typeof GRADES)[number];

/** 0 for the best grade, 6 for `reject`. */
export function gradeIndex(g: Grade): number {
  return GRADES.indexOf(g);
}

export function isGrade(value: unknown): value is Grade {
  return typeof value === 'string' && (GRADES as readonly string[]).includes(value);
}

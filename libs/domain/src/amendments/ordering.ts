/**
 * Amendments as ranges of a frozen version's Markdown: overlap, conflicts, examination order,
 * lapse, and applying replacements. Pure functions (API.md, "Amendments, comments, provenance").
 */

export type AmendmentStatus = 'submitted' | 'withdrawn' | 'adopted' | 'rejected' | 'lapsed';
export const AMENDMENT_STATUSES: readonly AmendmentStatus[] = ['submitted', 'withdrawn', 'adopted', 'rejected', 'lapsed'];

/** The most a replacement may hold (UTF-16 code units). */
export const MAX_REPLACEMENT_LENGTH = 20_000;

export interface AmendmentRange {
  id: string;
  start: number;
  end: number;
}

export interface OrderableAmendment extends AmendmentRange {
  replacement: string;
  /** Anything comparable in time order (a Date, an ISO string or a number). */
  createdAt: Date | string | number;
}

export interface StatusedAmendment extends AmendmentRange {
  status: AmendmentStatus;
}

/**
 * Whether two ranges touch the same text. Two non-empty ranges overlap when they share a code
 * unit; an insertion (start = end) overlaps a range that strictly contains its point, and
 * another insertion at the same point (their order would be ambiguous).
 */
export function rangesOverlap(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  const aEmpty = a.start === a.end;
  const bEmpty = b.start === b.end;
  if (aEmpty && bEmpty) return a.start === b.start;
  if (aEmpty) return b.start < a.start && a.start < b.end;
  if (bEmpty) return a.start < b.start && b.start < a.end;
  return Math.max(a.start, b.start) < Math.min(a.end, b.end);
}

/** Whether a range is valid in a text of `length` code units. */
export function isValidRange(start: number, end: number, length: number): boolean {
  return Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= length;
}

/** How much an amendment changes: the text it removes plus the text it brings. */
export function amendmentWeight(a: { start: number; end: number; replacement: string }): number {
  return a.end - a.start + a.replacement.length;
}

const time = (t: Date | string | number) => (t instanceof Date ? t.getTime() : typeof t === 'string' ? Date.parse(t) : t);

/**
 * The examination order (ids, first examined first): by `start`; the amendments that overlap
 * (transitively: a group of ranges chained by overlaps) are examined together, the one that
 * changes most first, then the oldest, then by id (a total order: the same input always gives
 * the same order).
 */
export function examinationOrder<T extends OrderableAmendment>(amendments: readonly T[]): T[] {
  const byStart = [...amendments].sort((a, b) => a.start - b.start || a.end - b.end || a.id.localeCompare(b.id));
  // union-find over the overlap graph
  const parent = byStart.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < byStart.length; i++) {
    for (let j = i + 1; j < byStart.length; j++) {
      if (byStart[j].start > byStart[i].end) break; // sorted by start: nothing further can overlap i
      if (rangesOverlap(byStart[i], byStart[j])) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, T[]>();
  byStart.forEach((a, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(a);
    else groups.set(root, [a]);
  });
  // a group's place is its smallest start; roots are visited in that order already (the
  // smallest index of a component is its first member by start, but not always its root)
  const ordered = [...groups.values()].sort((g, h) => Math.min(...g.map((a) => a.start)) - Math.min(...h.map((a) => a.start)) || g[0].id.localeCompare(h[0].id));
  return ordered.flatMap((g) =>
    g.sort((a, b) => amendmentWeight(b) - amendmentWeight(a) || time(a.createdAt) - time(b.createdAt) || a.id.localeCompare(b.id)),
  );
}

/** Ids of the other `submitted` amendments whose ranges overlap `a`. */
export function conflictsWith(a: AmendmentRange, all: readonly StatusedAmendment[]): string[] {
  return all.filter((o) => o.id !== a.id && o.status === 'submitted' && rangesOverlap(a, o)).map((o) => o.id);
}

/** Ids of the amendments that lapse ("tombent") when `adopted` is adopted: the `submitted` ones overlapping it. */
export function lapsedBy(adopted: AmendmentRange, all: readonly StatusedAmendment[]): string[] {
  return conflictsWith(adopted, all);
}

/** Whether a status may move to another (API.md: submitted → withdrawn | adopted | rejected | lapsed). */
export function canTransition(from: AmendmentStatus, to: AmendmentStatus): boolean {
  return from === 'submitted' && to !== 'submitted';
}

/**
 * `text` with every replacement applied. The ranges must not overlap (throws otherwise): each
 * is applied at its offsets in the original text.
 */
export function applyReplacements(text: string, amendments: readonly { start: number; end: number; replacement: string }[]): string {
  const sorted = [...amendments].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 0; i < sorted.length; i++) {
    if (!isValidRange(sorted[i].start, sorted[i].end, text.length)) throw new RangeError('range out of the text');
    if (i > 0 && (sorted[i].start < sorted[i - 1].end || rangesOverlap(sorted[i - 1], sorted[i]))) throw new RangeError('overlapping amendments');
  }
  let out = '';
  let at = 0;
  for (const a of sorted) {
    out += text.slice(at, a.start) + a.replacement;
    at = a.end;
  }
  return out + text.slice(at);
}

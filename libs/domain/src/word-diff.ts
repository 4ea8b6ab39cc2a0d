import { diffWordsWithSpace } from 'diff';

export type DiffOp = 'equal' | 'insert' | 'delete';
export interface DiffChange {
  op: DiffOp;
  text: string;
}

/**
 * Above this many edited words the Myers search stops (it would block for seconds on two long,
 * unrelated texts; 1000 costs under 0.1 s in the worst case) and the
 * middle part that differs is given as one deletion and one insertion.
 */
const MAX_EDIT_LENGTH = 1000;

/**
 * Word-level diff of two texts (whitespace runs are tokens too, so nothing is lost):
 * the `equal` and `delete` texts concatenated give `a`, the `equal` and `insert` ones give `b`.
 * Adjacent changes of the same kind are merged; within a replaced run the deletion comes first.
 */
export function wordDiff(a: string, b: string): DiffChange[] {
  if (a === b) return a ? [{ op: 'equal', text: a }] : [];
  const parts = diffWordsWithSpace(a, b, { maxEditLength: MAX_EDIT_LENGTH });
  const changes: DiffChange[] = parts
    ? parts.map((p) => ({ op: p.added ? 'insert' : p.removed ? 'delete' : 'equal', text: p.value }))
    : coarseDiff(a, b);
  return normalize(changes);
}

/** Common prefix and suffix, the rest replaced. */
function coarseDiff(a: string, b: string): DiffChange[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return [
    { op: 'equal', text: a.slice(0, start) },
    { op: 'delete', text: a.slice(start, a.length - end) },
    { op: 'insert', text: b.slice(start, b.length - end) },
    { op: 'equal', text: a.slice(a.length - end) },
  ];
}

/**
 * Drops empty chunks, merges neighbours of the same kind, and within each run of non-equal
 * chunks puts all the deleted text first, then all the inserted text.
 */
function normalize(changes: DiffChange[]): DiffChange[] {
  const out: DiffChange[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ op: 'delete', text: del });
    if (ins) out.push({ op: 'insert', text: ins });
    del = ins = '';
  };
  for (const c of changes) {
    if (!c.text) continue;
    if (c.op === 'delete') del += c.text;
    else if (c.op === 'insert') ins += c.text;
    else {
      flush();
      const last = out[out.length - 1];
      if (last?.op === 'equal') last.text += c.text;
      else out.push({ op: 'equal', text: c.text });
    }
  }
  flush();
  return out;
}

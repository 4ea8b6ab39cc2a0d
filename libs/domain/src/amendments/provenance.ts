import { sentenceRanges } from './sentences';

/** Who stored a Yjs item range: items of `client` with clocks in [clockStart, clockEnd). */
export interface AuthoredRange {
  client: number;
  clockStart: number;
  clockEnd: number;
  userId: string | null;
}

/** Looks up the author of (client, clock) among ranges (binary search per client). */
export function authorIndex(ranges: readonly AuthoredRange[]): (client: number, clock: number) => string | null {
  const byClient = new Map<number, AuthoredRange[]>();
  for (const r of ranges) {
    const list = byClient.get(r.client);
    if (list) list.push(r);
    else byClient.set(r.client, [r]);
  }
  for (const list of byClient.values()) list.sort((a, b) => a.clockStart - b.clockStart);
  return (client, clock) => {
    const list = byClient.get(client);
    if (!list) return null;
    let lo = 0;
    let hi = list.length - 1;
    let found: AuthoredRange | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].clockStart <= clock) {
        found = list[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // ranges never overlap (a Yjs client's clocks are stored once); the last one starting at or before the clock
    return found && clock < found.clockEnd ? found.userId : null;
  };
}

export interface SentenceProvenance {
  start: number;
  end: number;
  contributors: { userId: string; chars: number }[];
  amendmentIds: string[];
}

/**
 * Sentences of a Markdown text with, for each, the characters each user wrote (from `userAt`,
 * one entry per Markdown code unit: who stored the text character rendered there, null for
 * Markdown syntax or unknown) and the amendments merged into it (`amendmentAt`, same shape).
 * Contributors: most characters first.
 */
export function sentenceProvenance(markdown: string, userAt: readonly (string | null)[], amendmentAt: readonly (string | null)[]): SentenceProvenance[] {
  return sentenceRanges(markdown).map(({ start, end }) => {
    const chars = new Map<string, number>();
    const amendments = new Set<string>();
    for (let i = start; i < end; i++) {
      const u = userAt[i];
      if (u) chars.set(u, (chars.get(u) ?? 0) + 1);
      const a = amendmentAt[i];
      if (a) amendments.add(a);
    }
    const contributors = [...chars].map(([userId, n]) => ({ userId, chars: n })).sort((a, b) => b.chars - a.chars || a.userId.localeCompare(b.userId));
    return { start, end, contributors, amendmentIds: [...amendments] };
  });
}

/** Shares of the attributed characters by college (0..1, rounded to 4 decimals; all 0 when nothing is attributed). */
export function sharesByCollege(counts: { college: string | null; chars: number }[]): { state: number; local: number; civil: number } {
  const total = { state: 0, local: 0, civil: 0 };
  let sum = 0;
  for (const c of counts) {
    if (c.college === 'state' || c.college === 'local' || c.college === 'civil') {
      total[c.college] += c.chars;
      sum += c.chars;
    }
  }
  const share = (n: number) => (sum ? Math.round((n / sum) * 10_000) / 10_000 : 0);
  return { state: share(total.state), local: share(total.local), civil: share(total.civil) };
}

/**
 * What of a closed vote's stored results may leave the platform: tallies and outcomes only.
 * A whitelist, not a blacklist: any key not named here (voter ids, names, ballots, anything a
 * future version adds) is dropped. Objection reasons are ballot content: kept for public
 * votes only, and only their text.
 */
const NUMBER_KEYS = new Set([
  'eligible', 'cast', 'for', 'against', 'abstain', 'consent', 'objection', 'rank', 'quorum', 'threshold', 'ratio', 'share', 'turnout',
  // majority judgment grades (distribution counts)
  'excellent', 'very_good', 'good', 'fair', 'passable', 'insufficient', 'reject',
]);
const BOOLEAN_KEYS = new Set(['passed', 'quorumReached', 'thresholdReached', 'doubleMajority']);
const STRING_KEYS = new Set(['outcome', 'majorityGrade', 'optionId', 'versionId', 'label']);
const COLLEGES = new Set(['state', 'local', 'civil']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function scalars(obj: Record<string, unknown>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (NUMBER_KEYS.has(k) && typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    else if (BOOLEAN_KEYS.has(k) && typeof v === 'boolean') out[k] = v;
    else if (STRING_KEYS.has(k) && typeof v === 'string') out[k] = v.slice(0, 500);
    else if (STRING_KEYS.has(k) && v === null) out[k] = null;
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function publicVoteResults(results: unknown, secret: boolean): Record<string, Json> | null {
  if (!isObject(results)) return null;
  const out = scalars(results);
  if (isObject(results.byCollege)) {
    const byCollege: Record<string, Json> = {};
    for (const [college, tally] of Object.entries(results.byCollege)) if (COLLEGES.has(college) && isObject(tally)) byCollege[college] = scalars(tally);
    out.byCollege = byCollege;
  }
  if (Array.isArray(results.options)) {
    out.options = results.options.filter(isObject).map((o) => {
      const option: Record<string, Json> = scalars(o);
      if (isObject(o.distribution)) option.distribution = scalars(o.distribution);
      return option;
    });
  }
  if (!secret && Array.isArray(results.objections)) {
    out.objections = results.objections.filter(isObject).map((o) => ({ reason: typeof o.reason === 'string' ? o.reason.slice(0, 5000) : '' }));
  }
  return out;
}

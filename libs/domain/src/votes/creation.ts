import { conflict, invalid } from '../errors';
import type { TallyRules, VoteMethodName } from '../tally/types';

export const VOTE_SCOPES = ['member', 'organization'] as const;
export type VoteScope = (typeof VOTE_SCOPES)[number];

export const RESULTS_VISIBILITIES = ['live', 'after_close'] as const;
export type ResultsVisibility = (typeof RESULTS_VISIBILITIES)[number];

/** One option as asked for: exactly one of a frozen version, a label or (approval only) an amendment. */
export interface VoteOptionInput {
  versionId?: string;
  label?: string;
  amendmentId?: string;
}

/** A vote as asked for (`POST /api/votes`), once its fields have the right types. */
export interface VoteDraftInput {
  title: string;
  method: VoteMethodName;
  options: readonly VoteOptionInput[];
  rules?: TallyRules;
  scope?: VoteScope;
  secret?: boolean;
  resultsVisibility?: ResultsVisibility;
}

/** What is stored: defaults applied, text trimmed, only the rules that were given. */
export interface VoteDraft {
  title: string;
  method: VoteMethodName;
  rules: TallyRules;
  scope: VoteScope;
  secret: boolean;
  resultsVisibility: ResultsVisibility;
  options: { versionId: string | null; label: string | null; amendmentId: string | null; position: number }[];
}

/**
 * Every problem of a vote as asked for, in French, for one 400: option shapes and counts per
 * method, which rules apply to it, duplicates, secrecy against live results, an empty title.
 * An empty list means the vote may be created (the group, session, versions and amendments are
 * checked against the database afterwards).
 */
export function voteDraftProblems(input: VoteDraftInput): string[] {
  const errors: string[] = [];
  const options = input.options;
  options.forEach((o, i) => {
    const given = [o.versionId, o.label, o.amendmentId].filter((x) => x !== undefined).length;
    if (given !== 1) errors.push(`options.${i} : indiquer soit versionId, soit label, soit amendmentId`);
    if (o.amendmentId !== undefined && input.method !== 'approval') errors.push(`options.${i}.amendmentId : seul un vote par approbation porte sur un amendement`);
    if (o.label !== undefined && o.label.trim() === '') errors.push(`options.${i}.label : libellé vide`);
  });
  const versionIds = options.filter((o) => o.versionId).map((o) => o.versionId!.toLowerCase());
  const labels = options.filter((o) => o.label).map((o) => o.label!.trim().toLowerCase());
  if (new Set(versionIds).size !== versionIds.length || new Set(labels).size !== labels.length) errors.push('options : une même option figure deux fois');
  const rules = input.rules ?? {};
  switch (input.method) {
    case 'approval':
      if (options.length !== 1 || !(options[0].versionId || options[0].amendmentId)) {
        errors.push('options : un vote par approbation porte sur exactement une version de recommandation ([{versionId}]) ou un amendement ([{amendmentId}])');
      }
      break;
    case 'majority_judgment':
      if (options.length < 2) errors.push('options : le jugement majoritaire demande au moins deux options');
      if (rules.quorum !== undefined || rules.threshold !== undefined || rules.doubleMajority !== undefined) errors.push('rules : aucune règle ne s’applique au jugement majoritaire');
      break;
    case 'consent':
      if (options.length !== 1) errors.push('options : un vote par consentement porte sur exactement une option');
      if (rules.threshold !== undefined || rules.doubleMajority !== undefined) errors.push('rules : seul quorum s’applique au consentement');
      break;
  }
  if (input.secret && input.resultsVisibility === 'live') errors.push('resultsVisibility : un vote secret ne peut pas afficher de résultats en direct');
  if (input.title.trim() === '') errors.push('title : titre vide');
  return errors;
}

/** The vote to store, or 400 with every problem joined by « ; ». */
export function checkVoteDraft(input: VoteDraftInput): VoteDraft {
  const errors = voteDraftProblems(input);
  if (errors.length) throw invalid(errors.join(' ; '));
  const given = input.rules ?? {};
  const rules: TallyRules = {};
  if (given.quorum !== undefined) rules.quorum = given.quorum;
  if (given.threshold !== undefined) rules.threshold = given.threshold;
  if (given.doubleMajority !== undefined) rules.doubleMajority = given.doubleMajority;
  return {
    title: input.title.trim(),
    method: input.method,
    rules,
    scope: input.scope ?? 'member',
    secret: input.secret ?? false,
    resultsVisibility: input.resultsVisibility ?? 'after_close',
    options: input.options.map((o, position) => ({ versionId: o.versionId ?? null, label: o.label?.trim() ?? null, amendmentId: o.amendmentId ?? null, position })),
  };
}

/** An archived group takes no new vote (409). */
export function checkGroupTakesVotes(groupStatus: string): void {
  if (groupStatus === 'archived') throw conflict('Ce groupe de travail est archivé');
}

/** The session named at creation must be one of the vote's group (400). */
export function checkSessionOfGroup(session: { workingGroupId: string } | null, workingGroupId: string): void {
  if (!session || session.workingGroupId !== workingGroupId) throw invalid('sessionId : séance inconnue dans ce groupe de travail');
}

/** Every version option must be a version of a recommendation of the group (400 naming the others). */
export function checkVersionsOfGroup(versionIds: readonly string[], ofGroup: ReadonlySet<string>): void {
  const unknown = versionIds.filter((id) => !ofGroup.has(id));
  if (unknown.length) throw invalid(`versionId : ${unknown.join(', ')} n’est pas une version d’une recommandation de ce groupe de travail`);
}

/**
 * The minutes of a session as a small document model (headings, paragraphs, lists, tables),
 * built from plain data and rendered to Markdown or PDF. No framework, no I/O: unit-testable.
 */

export type Inline = string | { code: string } | { strong: string };
export type Text = Inline[];

export type Block =
  | { kind: 'h1' | 'h2' | 'h3'; text: string }
  | { kind: 'p'; text: Text }
  | { kind: 'ul'; items: Text[] }
  | { kind: 'table'; head: string[]; rows: string[][] };

export interface MinutesOption {
  id: string;
  label: string | null;
  versionId: string | null;
  recommendationId: string | null;
  versionNumber: number | null;
  contentHash: string | null;
  amendmentId?: string | null;
}

/** An amendment examined (decided) in the session (v2). */
export interface MinutesAmendment {
  id: string;
  recommendationId: string;
  versionNumber: number | null;
  examinationOrder: number;
  original: string;
  replacement: string;
  authorName: string | null;
  onBehalfOfOrganization: boolean;
  status: string;
  byVote: boolean;
  merged: boolean;
}

/** The "who wrote what" annex of a recommendation's latest version (v2). */
export interface MinutesProvenance {
  recommendationId: string;
  versionNumber: number;
  byCollege: { state: number; local: number; civil: number };
  sentences: { text: string; contributors: { displayName: string | null; chars: number }[] }[];
}

export interface MinutesVote {
  id: string;
  title: string;
  method: 'approval' | 'majority_judgment' | 'consent';
  status: 'draft' | 'open' | 'closed';
  scope: 'member' | 'organization';
  secret: boolean;
  rules: { quorum?: number; threshold?: number; doubleMajority?: boolean };
  openedAt: Date | null;
  closedAt: Date | null;
  options: MinutesOption[];
  results: Record<string, any> | null;
}

export interface MinutesPosition {
  recommendationId: string;
  organizationName: string | null;
  stance: string;
  motivation: string | null;
  submittedAt: Date;
  hash: string;
  versionNumber: number | null;
  supersedesId: string | null;
}

export interface MinutesData {
  session: { id: string; title: string; startsAt: Date; endsAt: Date; phase: string; agenda: { recommendationId: string; minutes: number }[] };
  group: { id: string; title: string };
  recommendations: Map<string, { id: string; title: string; status: string; horizon: string }>;
  votes: MinutesVote[];
  positions: MinutesPosition[];
  amendments?: MinutesAmendment[];
  provenance?: MinutesProvenance[];
  generatedAt: Date;
}

const PHASES: Record<string, string> = { scheduled: 'programmée', open: 'ouverte', drafting: 'rédaction', voting: 'vote', closed: 'close' };
const REC_STATUSES: Record<string, string> = { draft: 'brouillon', under_review: 'en examen', adopted: 'adoptée', rejected: 'rejetée', withdrawn: 'retirée' };
const HORIZONS: Record<string, string> = { quick_win: 'mesure rapide', structuring: 'mesure structurante' };
const METHODS: Record<string, string> = { approval: 'approbation (pour, contre, abstention)', majority_judgment: 'jugement majoritaire', consent: 'consentement' };
const VOTE_STATUSES: Record<string, string> = { draft: 'en préparation', open: 'ouvert', closed: 'clos' };
const OUTCOMES: Record<string, string> = { adopted: 'adoptée', rejected: 'rejetée', no_quorum: 'quorum non atteint' };
const STANCES: Record<string, string> = { favorable: 'Favorable', favorable_with_reservations: 'Favorable avec réserves', unfavorable: 'Défavorable', abstention: 'Abstention' };
const GRADE_LABELS: Record<string, string> = {
  excellent: 'Excellent',
  very_good: 'Très bien',
  good: 'Bien',
  fair: 'Assez bien',
  passable: 'Passable',
  insufficient: 'Insuffisant',
  reject: 'À rejeter',
};
const COLLEGE_LABELS: Record<string, string> = { state: 'État', local: 'Collectivités et associations d’élus', civil: 'Société civile' };

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' });
const shortDateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' });
/** French dates, Paris time; narrow no-break spaces become plain spaces (the PDF fonts lack them). */
export const frDate = (d: Date) => dateTime.format(d).replace(/[\u202f\u00a0]/g, ' ');
const frShort = (d: Date) => shortDateTime.format(d).replace(/[\u202f\u00a0]/g, ' ');
const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

const AMENDMENT_OUTCOMES: Record<string, string> = { adopted: 'adopté', rejected: 'rejeté', lapsed: 'tombé', withdrawn: 'retiré', submitted: 'en attente' };
const quote = (s: string, max = 120) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat ? `« ${flat.length > max ? flat.slice(0, max - 1) + '…' : flat} »` : '(rien)';
};

function optionLabel(o: MinutesOption, recs: MinutesData['recommendations']): string {
  if (o.amendmentId) return `Amendement ${o.amendmentId.slice(0, 8)}`;
  if (o.versionId) {
    const rec = o.recommendationId ? recs.get(o.recommendationId) : undefined;
    return `${rec ? `« ${rec.title} »` : 'Recommandation'}, version ${o.versionNumber ?? '?'}`;
  }
  return o.label ?? '';
}

function rulesText(v: MinutesVote): string {
  const parts = [v.secret ? 'scrutin secret' : 'scrutin public', v.scope === 'organization' ? 'un bulletin par organisation' : 'un bulletin par membre'];
  if (v.rules.quorum !== undefined) parts.push(`quorum ${pct(v.rules.quorum)} des inscrits`);
  if (v.method === 'approval') parts.push(`seuil : plus de ${pct(v.rules.threshold ?? 0.5)} des suffrages exprimés`);
  if (v.rules.doubleMajority) parts.push('double majorité (collège État et collège local)');
  return parts.join(' ; ');
}

function resultBlocks(v: MinutesVote, recs: MinutesData['recommendations']): Block[] {
  const r = v.results;
  if (v.status !== 'closed' || !r) return [{ kind: 'p', text: ['Vote non clos : résultats non publiés.'] }];
  const out: Block[] = [];
  if (v.method === 'approval') {
    out.push({
      kind: 'table',
      head: ['Inscrits', 'Votants', 'Pour', 'Contre', 'Abstention'],
      rows: [[r.eligible, r.cast, r.for, r.against, r.abstain].map(String)],
    });
    if (r.byCollege) {
      out.push({
        kind: 'table',
        head: ['Collège', 'Inscrits', 'Votants', 'Pour', 'Contre', 'Abstention'],
        rows: Object.entries(r.byCollege as Record<string, any>).map(([c, x]) => [COLLEGE_LABELS[c] ?? c, x.eligible, x.cast, x.for, x.against, x.abstain].map(String)),
      });
    }
    out.push({ kind: 'p', text: [{ strong: `Résultat : ${OUTCOMES[r.outcome] ?? r.outcome}` }] });
  } else if (v.method === 'consent') {
    out.push({ kind: 'table', head: ['Inscrits', 'Votants', 'Consentements', 'Objections'], rows: [[r.eligible, r.cast, r.consent, r.objection].map(String)] });
    if (r.objections?.length) {
      out.push({ kind: 'p', text: ['Objections :'] });
      out.push({ kind: 'ul', items: (r.objections as { reason: string; voterName?: string }[]).map((o) => [o.voterName ? `${o.voterName} : ${o.reason}` : o.reason]) });
    }
    out.push({ kind: 'p', text: [{ strong: `Résultat : ${OUTCOMES[r.outcome] ?? r.outcome}` }] });
  } else {
    out.push({ kind: 'p', text: [`Inscrits : ${r.eligible} ; votants : ${r.cast}.`] });
    const byId = new Map(v.options.map((o) => [o.id, o]));
    const rows = [...(r.options as any[])].sort((a, b) => a.rank - b.rank);
    out.push({
      kind: 'table',
      head: ['Rang', 'Option', 'Mention majoritaire', 'Répartition des mentions'],
      rows: rows.map((o) => [
        String(o.rank),
        byId.get(o.optionId) ? optionLabel(byId.get(o.optionId)!, recs) : o.optionId,
        o.majorityGrade ? GRADE_LABELS[o.majorityGrade] : '—',
        Object.entries(o.distribution as Record<string, number>)
          .filter(([, n]) => n > 0)
          .map(([g, n]) => `${GRADE_LABELS[g] ?? g} ${n}`)
          .join(', ') || '—',
      ]),
    });
  }
  return out;
}

export function buildMinutes(d: MinutesData): Block[] {
  const recs = d.recommendations;
  const blocks: Block[] = [
    { kind: 'h1', text: `Compte rendu — ${d.session.title}` },
    {
      kind: 'ul',
      items: [
        [{ strong: 'Groupe de travail :' }, ' ' + d.group.title],
        [{ strong: 'Début :' }, ' ' + frDate(d.session.startsAt)],
        [{ strong: 'Fin :' }, ' ' + frDate(d.session.endsAt)],
        [{ strong: 'Phase :' }, ' ' + (PHASES[d.session.phase] ?? d.session.phase)],
        [{ strong: 'Compte rendu établi le :' }, ' ' + frDate(d.generatedAt)],
      ],
    },
    { kind: 'h2', text: 'Ordre du jour' },
  ];
  if (d.session.agenda.length === 0) blocks.push({ kind: 'p', text: ['Aucun point inscrit à l’ordre du jour.'] });
  else {
    blocks.push({
      kind: 'table',
      head: ['N°', 'Recommandation', 'Horizon', 'Statut', 'Durée'],
      rows: d.session.agenda.map((item, i) => {
        const rec = recs.get(item.recommendationId);
        return [String(i + 1), rec?.title ?? item.recommendationId, rec ? (HORIZONS[rec.horizon] ?? rec.horizon) : '', rec ? (REC_STATUSES[rec.status] ?? rec.status) : '', `${item.minutes} min`];
      }),
    });
  }

  const versions = new Map<string, MinutesOption>();
  for (const v of d.votes) for (const o of v.options) if (o.versionId) versions.set(o.versionId, o);
  blocks.push({ kind: 'h2', text: 'Versions soumises au vote' });
  if (versions.size === 0) blocks.push({ kind: 'p', text: ['Aucune version de recommandation n’a été soumise au vote.'] });
  else {
    blocks.push({
      kind: 'ul',
      items: [...versions.values()].map((o) => [optionLabel(o, recs), ' — empreinte SHA-256 : ', { code: o.contentHash?.trim() ?? '?' }]),
    });
  }

  blocks.push({ kind: 'h2', text: 'Votes' });
  if (d.votes.length === 0) blocks.push({ kind: 'p', text: ['Aucun vote au cours de cette séance.'] });
  for (const v of d.votes) {
    blocks.push({ kind: 'h3', text: v.title });
    const items: Text[] = [
      [{ strong: 'Méthode :' }, ' ' + (METHODS[v.method] ?? v.method)],
      [{ strong: 'Modalités :' }, ' ' + rulesText(v)],
      [{ strong: 'Statut :' }, ' ' + (VOTE_STATUSES[v.status] ?? v.status)],
    ];
    if (v.openedAt) items.push([{ strong: 'Ouverture :' }, ' ' + frDate(v.openedAt)]);
    if (v.closedAt) items.push([{ strong: 'Clôture :' }, ' ' + frDate(v.closedAt)]);
    items.push([{ strong: v.options.length > 1 ? 'Options :' : 'Objet :' }, ' ' + v.options.map((o) => optionLabel(o, recs)).join(' ; ')]);
    blocks.push({ kind: 'ul', items });
    blocks.push(...resultBlocks(v, recs));
  }

  blocks.push(...amendmentBlocks(d));

  blocks.push({ kind: 'h2', text: 'Positions des associations' });
  if (d.positions.length === 0) blocks.push({ kind: 'p', text: ['Aucune position reçue sur les recommandations de la séance.'] });
  const byRec = new Map<string, MinutesPosition[]>();
  for (const p of d.positions) byRec.set(p.recommendationId, [...(byRec.get(p.recommendationId) ?? []), p]);
  for (const [recId, positions] of byRec) {
    blocks.push({ kind: 'h3', text: recs.get(recId)?.title ?? recId });
    blocks.push({
      kind: 'ul',
      items: positions.map((p) => [
        { strong: `${p.organizationName ?? 'Organisation'} : ${STANCES[p.stance] ?? p.stance}` },
        ` (version ${p.versionNumber ?? '?'}, déposée le ${frShort(p.submittedAt)}${p.supersedesId ? ', remplace une position antérieure' : ''})`,
        p.motivation ? ` — ${p.motivation}` : '',
        ' — empreinte : ',
        { code: p.hash.trim() },
      ]),
    });
  }
  blocks.push(...provenanceBlocks(d));
  return blocks;
}

/** The amendments examined in the session, in examination order per recommendation, with their outcome. */
function amendmentBlocks(d: MinutesData): Block[] {
  const list = d.amendments ?? [];
  const out: Block[] = [{ kind: 'h2', text: 'Amendements examinés' }];
  if (list.length === 0) return [...out, { kind: 'p', text: ['Aucun amendement examiné au cours de cette séance.'] }];
  out.push({
    kind: 'table',
    head: ['Recommandation', 'N°', 'Texte visé', 'Proposition', 'Auteur', 'Issue'],
    rows: list.map((a) => [
      `${d.recommendations.get(a.recommendationId)?.title ?? a.recommendationId}${a.versionNumber ? `, v${a.versionNumber}` : ''}`,
      String(a.examinationOrder),
      quote(a.original),
      quote(a.replacement),
      `${a.authorName ?? '?'}${a.onBehalfOfOrganization ? ' (au nom de son organisation)' : ''}`,
      `${AMENDMENT_OUTCOMES[a.status] ?? a.status}${a.byVote ? ' (par vote)' : ''}${a.merged ? ', intégré au texte' : ''}`,
    ]),
  });
  return out;
}

/** Annex: who wrote each sentence of the latest version of each recommendation on the agenda. */
function provenanceBlocks(d: MinutesData): Block[] {
  const list = d.provenance ?? [];
  if (list.length === 0) return [];
  const out: Block[] = [{ kind: 'h2', text: 'Annexe — Qui a écrit quoi' }];
  for (const p of list) {
    out.push({ kind: 'h3', text: `${d.recommendations.get(p.recommendationId)?.title ?? p.recommendationId}, version ${p.versionNumber}` });
    out.push({
      kind: 'p',
      text: [`Part du texte par collège : État ${pct(p.byCollege.state)}, collectivités et associations d’élus ${pct(p.byCollege.local)}, société civile ${pct(p.byCollege.civil)}.`],
    });
    out.push({
      kind: 'table',
      head: ['Phrase', 'Rédigée par'],
      rows: p.sentences.map((s) => [quote(s.text, 160), s.contributors.map((c) => `${c.displayName ?? '?'} (${c.chars} car.)`).join(', ') || '—']),
    });
  }
  return out;
}

import { DomainError, ErrorCode, forbidden, invalid, notFound } from '../errors';
import type { College, GroupRole, PlatformRole } from '../roles';
import { groupAllows, DENIED_MESSAGE } from '../access';
import { isGrade, type Grade } from '../tally/grades';
import { APPROVAL_CHOICES, CONSENT_CHOICES, type ApprovalChoice, type VoteMethodName } from '../tally/types';
import { checkAcceptsBallots, type VoteStatusName } from './lifecycle';
import type { VoteScope } from './creation';

/** A vote's option as a ballot sees it: its server id and, for a version, that version. */
export interface BallotOption {
  id: string;
  versionId: string | null;
}

/** A ballot as sent (`POST /api/votes/:id/ballots`), once its fields have the right types. */
export interface BallotInput {
  choice?: string;
  reason?: string;
  grades?: Record<string, unknown>;
  versionId?: string;
  optionId?: string;
}

/** What the ballot box keeps, per method. */
export type BallotContent =
  | { optionId: string; choice: ApprovalChoice }
  | { optionId: string; choice: 'consent' }
  | { optionId: string; choice: 'objection'; reason: string }
  | { grades: Record<string, Grade> };

const has = (list: readonly string[], v: unknown): boolean => typeof v === 'string' && list.includes(v);

/**
 * The ballot's content for the vote's method, or 400 saying what is wrong. Approval: `choice`
 * for/against/abstain, no reason. Consent: consent, or objection with a non-blank reason.
 * Majority judgment: `grades` only, one known mention for every option and for no other.
 * `optionId`/`versionId`, when given, must be the vote's (single) option and its version.
 * Option ids compare case-insensitively (the server's ids are lower case).
 */
export function ballotContent(method: VoteMethodName, options: readonly BallotOption[], input: BallotInput): BallotContent {
  const fail = (msg: string): never => {
    throw invalid(msg);
  };
  if (method === 'majority_judgment') {
    if (input.choice !== undefined || input.reason !== undefined || input.versionId !== undefined || input.optionId !== undefined) fail('Jugement majoritaire : envoyer seulement {grades: {optionId: mention}}');
    if (!input.grades) fail('grades : une mention est attendue pour chaque option');
    const grades = input.grades!;
    const ids = new Set(options.map((o) => o.id));
    const unknown = Object.keys(grades).filter((k) => !ids.has(k.toLowerCase()));
    if (unknown.length) fail(`grades : option(s) inconnue(s) ${unknown.slice(0, 5).join(', ')}`);
    const byId = new Map(Object.entries(grades).map(([k, v]) => [k.toLowerCase(), v]));
    const missing = options.filter((o) => !byId.has(o.id));
    if (missing.length) fail(`grades : chaque option doit recevoir une mention (manque ${missing.map((o) => o.id).join(', ')})`);
    const bad = [...byId.entries()].filter(([, g]) => !isGrade(g));
    if (bad.length) fail('grades : mention inconnue (excellent, very_good, good, fair, passable, insufficient, reject)');
    return { grades: Object.fromEntries(options.map((o) => [o.id, byId.get(o.id) as Grade])) };
  }
  const option = options[0];
  if (!option) fail('Ce vote n’a pas d’option');
  if (input.grades !== undefined) fail('grades : réservé au jugement majoritaire');
  if (input.optionId !== undefined && input.optionId.toLowerCase() !== option.id) fail('optionId : ce n’est pas l’option de ce vote');
  if (input.versionId !== undefined && input.versionId.toLowerCase() !== option.versionId) fail('versionId : ce n’est pas la version soumise à ce vote');
  if (method === 'approval') {
    if (!has(APPROVAL_CHOICES, input.choice)) fail('choice : for, against ou abstain');
    if (input.reason !== undefined) fail('reason : réservé aux objections d’un vote par consentement');
    return { optionId: option.id, choice: input.choice as ApprovalChoice };
  }
  if (!has(CONSENT_CHOICES, input.choice)) fail('choice : consent ou objection');
  if (input.choice === 'objection') {
    const reason = input.reason?.trim();
    if (!reason) fail('reason : une objection doit être motivée');
    return { optionId: option.id, choice: 'objection', reason: reason! };
  }
  if (input.reason !== undefined) fail('reason : seule une objection est motivée');
  return { optionId: option.id, choice: 'consent' };
}

/** The voter's line on the roll frozen at opening. */
export interface RollLine {
  userId: string;
  organizationId: string | null;
  college: College | string;
}

/** What a cast needs to know about the vote. */
export interface VoteForBallot {
  id: string;
  method: VoteMethodName;
  scope: VoteScope;
  secret: boolean;
  status: VoteStatusName;
}

export interface BallotRequestContext {
  vote: VoteForBallot | null;
  options: readonly BallotOption[];
  platformRole: PlatformRole;
  /** The voter's role in the vote's group; null when not a member. */
  groupRole: GroupRole | null;
  /** The voter's line on the roll, null when not on it. */
  roll: RollLine | null;
  input: BallotInput;
}

/** A ballot that may go into the box, if the voter key has not voted yet. */
export interface AdmittedBallot {
  /** One ballot per voter key: the user, or with `scope:'organization'` their organisation (a member without one votes for themselves). */
  voterKey: string;
  byOrganization: boolean;
  /** Stored with the ballot for approval only (its results count by college); elsewhere it would only narrow down who cast it. */
  college: string;
  content: BallotContent;
}

/**
 * May this member cast this ballot? In this order: 404 unknown vote; 403 not a member of the
 * group (admins may: the roll then decides); 409 `vote_not_open`; 403 not on the roll; 400 the
 * content. Whether the voter key has voted already is the database's to say (see `alreadyVoted`).
 */
export function admitBallot(ctx: BallotRequestContext): AdmittedBallot {
  const { vote, roll } = ctx;
  if (!vote) throw notFound('Vote');
  if (!groupAllows('vote', ctx.platformRole, ctx.groupRole)) throw forbidden(DENIED_MESSAGE.vote);
  checkAcceptsBallots(vote.status);
  if (!roll) throw forbidden('Vous ne figurez pas sur la liste des votants de ce vote');
  const content = ballotContent(vote.method, ctx.options, ctx.input);
  const { voterKey, byOrganization } = voterKeyOf(vote.scope, roll);
  return { voterKey, byOrganization, college: vote.method === 'approval' ? roll.college : '', content };
}

/** The key a ballot is counted under: the organisation for `scope:'organization'`, else the user. */
export function voterKeyOf(scope: VoteScope, roll: Pick<RollLine, 'userId' | 'organizationId'>): { voterKey: string; byOrganization: boolean } {
  const byOrganization = scope === 'organization' && !!roll.organizationId;
  return { voterKey: byOrganization ? roll.organizationId! : roll.userId, byOrganization };
}

/**
 * A ballot is final: a second one for the same voter key (the voter, or someone of their
 * organisation) is 409 `already_voted`, never a replacement.
 */
export const alreadyVoted = (byOrganization: boolean): DomainError =>
  new DomainError(ErrorCode.AlreadyVoted, byOrganization ? 'Votre organisation a déjà voté' : 'Vous avez déjà voté');

/** A ballot row names its voter on public votes only. */
export function ballotVoterId(vote: Pick<VoteForBallot, 'secret'>, userId: string): string | null {
  return vote.secret ? null : userId;
}

/** The `ballot.cast` audit data: secret, who voted and never what; public, the choice may be audited. */
export function ballotAuditData(vote: Pick<VoteForBallot, 'id' | 'secret' | 'scope'>, voterKey: string, content: BallotContent): Record<string, unknown> {
  return vote.secret ? { voteId: vote.id, scope: vote.scope } : { voteId: vote.id, scope: vote.scope, voterKey, ...content };
}

/** A receipt is 32 random bytes in base64url: 43 characters. */
export const RECEIPT_BYTES = 32;
export const RECEIPT_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isReceiptFormat(receipt: string): boolean {
  return RECEIPT_PATTERN.test(receipt);
}

/**
 * A receipt answers `{counted: true}` to the voter it was given to only; 404 to anyone else and
 * for an unknown receipt, so that its existence is not told to others. A receipt kept before
 * receipts were linked to their voter (`userId` null) is checked by whoever holds it.
 */
export function checkReceipt(found: { userId: string | null } | null, userId: string): { counted: true } {
  if (!found || (found.userId !== null && found.userId !== userId)) throw notFound('Reçu');
  return { counted: true };
}

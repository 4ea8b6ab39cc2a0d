import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventBus } from '@app/bus';
import { anchorsFor, docNameFor, MergeItem, MergeOutcome } from '@app/contracts';
import { Amendment, Recommendation, Transactions } from '@app/database';
import { conflict, conflictsWith, ErrorCode, examinationOrder, forbidden, invalid, isValidRange, lapsedBy, notFound } from '@app/domain';
import { NotificationsService } from '../notifications/notifications.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/current-user';
import { GroupAccess } from '../access/group-access.service';
import { RecommendationsService } from '../recommendations/recommendations.service';
import { SessionsService } from '../sessions/sessions.service';
import { UsersService } from '../users/users.service';
import { toAmendmentResponse } from './amendment.response';
import { AmendmentsRepository } from './amendments.repository';
import { DraftCommands, MERGE_TIMEOUT_MS } from './draft-commands';
import { CreateAmendmentDto } from './dto/create-amendment.dto';
import { ListAmendmentsQuery } from './dto/list-amendments.query';

/** A merge's claim older than this was left by a process that stopped: another merge may take it. */
export const MERGE_CLAIM_STALE_MS = 4 * MERGE_TIMEOUT_MS;

const CLOSED_RECOMMENDATION = new Set(['adopted', 'rejected', 'withdrawn']);
/** Phases in which a session is running (its decisions go to its minutes). */
const RUNNING_PHASES = new Set(['open', 'drafting', 'voting']);

type Decided = { amendment: Amendment; lapsed: Amendment[] };

/**
 * Amendments to frozen versions (API.md, "Amendments, comments, provenance"): submission on the
 * latest version, examination order and conflicts (computed when read, from the domain's pure
 * rules), withdrawal, decisions (by the facilitator or by a vote's close) with the lapse of the
 * overlapping ones, and the merge of adopted ones into the live draft by the realtime service.
 */
@Injectable()
export class AmendmentsService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: AmendmentsRepository,
    private readonly access: GroupAccess,
    private readonly audit: AuditService,
    private readonly commands: DraftCommands,
    @Inject(EventBus) private readonly bus: EventBus,
    private readonly notifications: NotificationsService,
    private readonly recommendations: RecommendationsService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  async create(user: AuthUser, recommendationId: string, dto: CreateAmendmentDto) {
    const { amendment, rec } = await this.tx.run(async (m) => {
      // the recommendation row is locked: a freeze (which locks it too) can't slip in between
      // the "latest version" check and the insert
      const rec = await this.recommendations.lockAgainstChanges(m, recommendationId);
      if (!rec) throw notFound('Recommandation');
      await this.access.role(user, rec.workingGroupId, 'contribute', m);
      if (dto.onBehalfOfOrganization && !(user.isRepresentative && user.organizationId)) {
        throw forbidden('Seul un représentant de son organisation amende en son nom');
      }
      const version = await this.repo.version(m, rec.id, dto.versionId);
      if (!version) throw invalid('versionId : ce n’est pas une version de cette recommandation');
      if (!isValidRange(dto.start, dto.end, version.content.length)) {
        throw invalid(`start, end : il faut 0 ≤ start ≤ end ≤ ${version.content.length} (longueur du texte de la version)`);
      }
      const original = version.content.slice(dto.start, dto.end);
      if (original === dto.replacement) throw invalid('replacement : l’amendement ne change rien au texte');
      if (CLOSED_RECOMMENDATION.has(rec.status)) throw conflict('La recommandation est close : elle ne peut plus être amendée', ErrorCode.InvalidTransition);
      const latest = await this.repo.latestVersionNumber(m, rec.id);
      if (version.number !== latest) throw conflict(`La version ${version.number} n’est plus la dernière (version ${latest}) : amendez la dernière version`, ErrorCode.StaleVersion);
      const anchors = version.ydocSnapshot ? anchorsFor(new Uint8Array(version.ydocSnapshot), version.content, dto.start, dto.end) : null;
      const amendment = await this.repo.insert(m, {
        recommendationId: rec.id,
        versionId: version.id,
        start: dto.start,
        end: dto.end,
        original,
        replacement: dto.replacement,
        rationale: dto.rationale,
        authorId: user.id,
        organizationId: user.organizationId,
        onBehalfOfOrganization: !!dto.onBehalfOfOrganization,
        status: 'submitted',
        anchors,
      });
      await this.audit.record(m, {
        actorId: user.id,
        action: 'amendment.created',
        entityType: 'amendment',
        entityId: amendment.id,
        data: { recommendationId: rec.id, versionId: version.id, start: dto.start, end: dto.end, onBehalfOfOrganization: amendment.onBehalfOfOrganization },
      });
      return { amendment, rec };
    });
    await this.publish('amendment.submitted', rec, amendment);
    return this.view(amendment.id);
  }

  /** The amendments in examination order (per version, latest version first when not filtered). */
  async list(user: AuthUser, recommendationId: string, q: ListAmendmentsQuery) {
    const rec = (await this.access.recommendation(user, recommendationId, 'read')).recommendation;
    await this.access.role(user, rec.workingGroupId, 'read');
    const all = await this.repo.ofRecommendation(rec.id, q.versionId);
    const numbers = await this.repo.versionNumbers(rec.id);
    const views = this.ordered(all, numbers).filter((v) => !q.status || v.amendment.status === q.status);
    const page = views.slice(q.offset, q.offset + q.limit);
    const names = await this.users.displayNames(page.map((v) => v.amendment.authorId));
    return { items: page.map((v) => toAmendmentResponse({ ...v, authorName: names.get(v.amendment.authorId) ?? null })), total: views.length };
  }

  async get(user: AuthUser, id: string) {
    const a = await this.repo.find(id);
    if (!a) throw notFound('Amendement');
    const rec = (await this.access.recommendation(user, a.recommendationId, 'read')).recommendation;
    await this.access.role(user, rec.workingGroupId, 'read');
    return this.view(id);
  }

  /** submitted → withdrawn, by its author. */
  async withdraw(user: AuthUser, id: string) {
    const { amendment, rec } = await this.tx.run(async (m) => {
      const found = await this.repo.find(id, m);
      if (!found) throw notFound('Amendement');
      const rec = await this.recommendations.lockAgainstChanges(m, found.recommendationId);
      const amendment = (await this.repo.find(id, m, true))!;
      if (amendment.authorId !== user.id) throw forbidden('Seul l’auteur d’un amendement le retire');
      if (amendment.status !== 'submitted') throw conflict(`L’amendement est déjà ${STATUS_FR[amendment.status]} : il ne peut plus être retiré`, ErrorCode.InvalidTransition);
      amendment.status = 'withdrawn';
      amendment.decidedAt = new Date();
      amendment.decidedBy = user.id;
      await this.repo.save(m, [amendment]);
      await this.audit.record(m, { actorId: user.id, action: 'amendment.withdrawn', entityType: 'amendment', entityId: id, data: { recommendationId: amendment.recommendationId } });
      return { amendment, rec: rec! };
    });
    await this.publish('amendment.decided', rec, amendment);
    return this.view(id);
  }

  /** submitted → adopted | rejected, by a facilitator, without a vote. */
  async decide(user: AuthUser, id: string, status: 'adopted' | 'rejected') {
    const { rec, decided } = await this.tx.run(async (m) => {
      const found = await this.repo.find(id, m);
      if (!found) throw notFound('Amendement');
      const rec = (await this.recommendations.lockAgainstChanges(m, found.recommendationId))!;
      await this.access.role(user, rec.workingGroupId, 'facilitate', m);
      const decided = await this.decideIn(m, rec, id, status, { actorId: user.id, voteId: null });
      return { rec, decided };
    });
    await this.publishDecided(rec, decided);
    return this.view(id);
  }

  /** An amendment may be put to a vote of `workingGroupId` while it is `submitted` (400 unknown, 409 otherwise). */
  async assertVotable(m: EntityManager, amendmentId: string, workingGroupId: string): Promise<void> {
    const a = await this.repo.find(amendmentId, m);
    const rec = a ? await this.recommendations.find(a.recommendationId, m) : null;
    if (!a || !rec || rec.workingGroupId !== workingGroupId) throw invalid('amendmentId : amendement inconnu dans ce groupe de travail');
    if (a.status !== 'submitted') throw conflict(`L’amendement est déjà ${STATUS_FR[a.status]} : il ne peut plus être mis aux voix`, ErrorCode.InvalidTransition);
  }

  /**
   * The decision of an amendment vote, in the vote's closing transaction: `adopted` or
   * `rejected` from the outcome. An amendment that is no longer `submitted` (withdrawn, lapsed,
   * decided meanwhile) keeps its status. Returns what to publish after the commit.
   */
  async decideFromVote(m: EntityManager, amendmentId: string, outcome: string, vote: { id: string; closedBy: string; sessionId: string | null }): Promise<(() => Promise<void>) | null> {
    const found = await this.repo.find(amendmentId, m);
    if (!found) return null;
    const rec = (await this.recommendations.lockAgainstChanges(m, found.recommendationId))!;
    const current = await this.repo.find(amendmentId, m, true);
    if (!current || current.status !== 'submitted') return null;
    const decided = await this.decideIn(m, rec, amendmentId, outcome === 'adopted' ? 'adopted' : 'rejected', { actorId: vote.closedBy, voteId: vote.id, sessionId: vote.sessionId });
    return () => this.publishDecided(rec, decided);
  }

  private async decideIn(m: EntityManager, rec: Recommendation, id: string, status: 'adopted' | 'rejected', by: { actorId: string; voteId: string | null; sessionId?: string | null }): Promise<Decided> {
    const amendment = (await this.repo.find(id, m, true))!;
    if (amendment.status !== 'submitted') throw conflict(`L’amendement est déjà ${STATUS_FR[amendment.status]}`, ErrorCode.InvalidTransition);
    const now = new Date();
    const sessions = await this.sessions.withOnAgenda(rec.id, rec.workingGroupId, m);
    // the session it is examined in: the vote's, else the running session that has it on its agenda
    const sessionId = by.sessionId ?? sessions.find((s) => RUNNING_PHASES.has(s.phase))?.id ?? null;
    const mark = (a: Amendment, s: Amendment['status']) => {
      a.status = s;
      a.decidedAt = now;
      a.decidedBy = by.actorId;
      a.voteId = by.voteId;
      a.sessionId = sessionId;
    };
    mark(amendment, status);
    const lapsed: Amendment[] = [];
    if (status === 'adopted') {
      const siblings = await this.repo.ofRecommendation(rec.id, amendment.versionId, m);
      const ids = new Set(lapsedBy(amendment, siblings));
      for (const s of siblings) {
        if (!ids.has(s.id)) continue;
        mark(s, 'lapsed');
        s.voteId = null;
        s.lapsedBecauseOf = amendment.id;
        lapsed.push(s);
      }
    }
    await this.repo.save(m, [amendment, ...lapsed]);
    await this.audit.record(m, {
      actorId: by.actorId,
      action: 'amendment.decided',
      entityType: 'amendment',
      entityId: amendment.id,
      data: { recommendationId: rec.id, status, voteId: by.voteId, lapsed: lapsed.map((l) => l.id), sessionId: amendment.sessionId },
    });
    // `amendment_decided` to each author, in this transaction (in-app row + e-mail job)
    const link = `/recommandations/${rec.id}`;
    const title = (a: Amendment) => `Votre amendement sur « ${rec.title} » a été ${a.status === 'adopted' ? 'adopté' : a.status === 'rejected' ? 'rejeté' : 'déclaré tombé'}`;
    for (const a of [amendment, ...lapsed]) await this.notifications.notify(m, { kind: 'amendment_decided', userIds: [a.authorId], title: title(a), link });
    return { amendment, lapsed };
  }

  /**
   * Merges every adopted, not yet merged amendment into the live draft, in examination order.
   * The realtime service applies them (the API never writes Yjs state) and answers which were
   * merged and which were skipped (their original text is gone).
   *
   * Three steps, so that no transaction stays open while the realtime service stores the edit on
   * its own connection (the embedded database has one session for all connections: a held
   * transaction would keep that write, and the merge, waiting until the timeout): a short
   * transaction claims the amendments (`mergingSince`; a second merge meanwhile is a 409), the
   * realtime service applies them, another transaction records the outcome. A failed apply gives
   * the claim back; a claim left by a process that stopped goes stale after MERGE_CLAIM_STALE_MS.
   */
  async merge(user: AuthUser, recommendationId: string) {
    const claim = await this.tx.run(async (m) => {
      const rec = await this.recommendations.get(recommendationId, m);
      await this.access.role(user, rec.workingGroupId, 'facilitate', m);
      if (rec.locked) throw conflict('Le brouillon est verrouillé : déverrouillez-le pour fusionner les amendements', ErrorCode.Locked);
      const pending = await this.repo.lockMergeable(m, rec.id);
      const at = new Date();
      if (pending.some((a) => a.mergingSince && at.getTime() - new Date(a.mergingSince).getTime() < MERGE_CLAIM_STALE_MS)) {
        throw conflict('Une fusion de ces amendements est déjà en cours : attendez qu’elle se termine');
      }
      if (pending.length > 0) await this.repo.claim(m, pending.map((a) => a.id), at);
      return { rec, pending, at };
    });
    if (claim.pending.length === 0) return { merged: [], skipped: [] };
    const ordered = examinationOrder(claim.pending);
    const ids = ordered.map((a) => a.id);
    const items: MergeItem[] = ordered.map((a) => ({ id: a.id, authorId: a.authorId, replacement: a.replacement, anchors: a.anchors }));
    let outcome: MergeOutcome;
    try {
      outcome = await this.commands.applyAmendments(docNameFor(claim.rec.id), items);
    } catch (err) {
      await this.repo.releaseClaim(ids, claim.at);
      throw err;
    }
    return this.tx.run(async (m) => {
      const now = new Date();
      const byId = new Map(ordered.map((a) => [a.id, a]));
      for (const a of ordered) a.mergingSince = null;
      for (const done of outcome.merged) {
        const a = byId.get(done.id)!;
        a.mergedAt = now;
        a.mergedItems = done.items;
        a.skippedReason = null;
      }
      for (const s of outcome.skipped) byId.get(s.id)!.skippedReason = s.reason;
      await this.repo.save(m, ordered);
      await this.audit.record(m, {
        actorId: user.id,
        action: 'amendment.merged',
        entityType: 'recommendation',
        entityId: claim.rec.id,
        data: { merged: outcome.merged.map((x) => x.id), skipped: outcome.skipped },
      });
      return { merged: outcome.merged.map((x) => x.id), skipped: outcome.skipped };
    });
  }

  // ------------------------------------------------------------------ reading

  /** For the minutes: the amendments decided in a session, by recommendation then examination order. */
  async examinedInSession(sessionId: string) {
    const decided = await this.repo.decidedInSession(sessionId);
    const out = [];
    for (const recId of [...new Set(decided.map((a) => a.recommendationId))]) {
      const numbers = await this.repo.versionNumbers(recId);
      const views = this.ordered(await this.repo.ofRecommendation(recId), numbers).filter((v) => v.amendment.sessionId === sessionId);
      const names = await this.users.displayNames(views.map((v) => v.amendment.authorId));
      for (const v of views) {
        const a = v.amendment;
        out.push({
          id: a.id,
          recommendationId: a.recommendationId,
          versionNumber: v.versionNumber,
          examinationOrder: v.examinationOrder,
          original: a.original,
          replacement: a.replacement,
          authorName: names.get(a.authorId) ?? null,
          onBehalfOfOrganization: a.onBehalfOfOrganization,
          status: a.status,
          byVote: !!a.voteId,
          merged: !!a.mergedAt,
        });
      }
    }
    return out;
  }

  /** With examination order and conflicts, computed among the amendments of the same version. */
  private ordered(all: Amendment[], numbers: Map<string, number>) {
    const byVersion = new Map<string, Amendment[]>();
    for (const a of all) byVersion.set(a.versionId, [...(byVersion.get(a.versionId) ?? []), a]);
    const versions = [...byVersion.keys()].sort((x, y) => (numbers.get(y) ?? 0) - (numbers.get(x) ?? 0));
    return versions.flatMap((v) => {
      const list = byVersion.get(v)!;
      return examinationOrder(list).map((a, i) => ({ amendment: a, examinationOrder: i + 1, conflictsWith: a.status === 'submitted' ? conflictsWith(a, list) : [], versionNumber: numbers.get(v) ?? null }));
    });
  }

  private async view(id: string) {
    const a = (await this.repo.find(id))!;
    const siblings = await this.repo.ofRecommendation(a.recommendationId, a.versionId);
    const numbers = await this.repo.versionNumbers(a.recommendationId);
    const v = this.ordered(siblings, numbers).find((x) => x.amendment.id === id)!;
    const names = await this.users.displayNames([a.authorId]);
    return toAmendmentResponse({ ...v, authorName: names.get(a.authorId) ?? null });
  }

  private async publish(name: 'amendment.submitted' | 'amendment.decided', rec: Recommendation, a: Amendment): Promise<void> {
    const sessions = await this.sessions.withOnAgenda(rec.id, rec.workingGroupId);
    const sessionIds = sessions.map((s) => s.id);
    if (name === 'amendment.submitted') await this.bus.publish(name, { recommendationId: rec.id, amendmentId: a.id, workingGroupId: rec.workingGroupId, sessionIds });
    else await this.bus.publish(name, { recommendationId: rec.id, amendmentId: a.id, status: a.status, workingGroupId: rec.workingGroupId, sessionIds });
  }

  /** After the commit: the decided amendment and the ones that lapsed. (Notifications `amendment_decided` hook in here.) */
  private async publishDecided(rec: Recommendation, d: Decided): Promise<void> {
    for (const a of [d.amendment, ...d.lapsed]) await this.publish('amendment.decided', rec, a);
  }
}

const STATUS_FR: Record<Amendment['status'], string> = {
  submitted: 'déposé',
  withdrawn: 'retiré',
  adopted: 'adopté',
  rejected: 'rejeté',
  lapsed: 'tombé',
};

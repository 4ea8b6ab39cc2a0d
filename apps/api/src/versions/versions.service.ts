import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { docNameFor } from '@app/contracts';
import { DraftStore, inTransaction, Recommendation, RecommendationVersion } from '@app/database';
import { DiffChange, notFound, proseMirrorToMarkdown, sha256Hex, wordDiff, yXmlFragmentToProseMirror } from '@app/domain';
import { NotificationsService } from '../notifications/notifications.service';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { Page } from '../common/list.query';
import { MembershipService } from '../membership/membership.service';

/** The Y.XmlFragment in which Tiptap's Collaboration extension keeps the document. */
export const DRAFT_FRAGMENT = 'default';

/** The Markdown of a stored draft state (a Yjs update), and the state re-encoded. */
export function draftToMarkdown(state: Uint8Array): { content: string; snapshot: Uint8Array } {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, state);
    const content = proseMirrorToMarkdown(yXmlFragmentToProseMirror(doc.getXmlFragment(DRAFT_FRAGMENT)));
    return { content, snapshot: Y.encodeStateAsUpdate(doc) };
  } finally {
    doc.destroy();
  }
}

/**
 * Frozen versions of the live drafts. Freezing reads the draft as persisted by the realtime
 * service (never a client's copy), so a version is exactly what every editor has been shown
 * as saved.
 */
@Injectable()
export class VersionsService {
  private readonly drafts: DraftStore;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly membership: MembershipService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {
    this.drafts = new DraftStore(ds);
  }

  /**
   * Freezes the current draft as the next version. The recommendation row is locked for the
   * transaction, so concurrent freezes of one recommendation get consecutive numbers (and the
   * unique index (recommendation_id, number) stays the last guard). Allowed on locked drafts.
   */
  freeze(actor: AuthUser, recommendationId: string): Promise<RecommendationVersion> {
    return inTransaction(this.ds, async (m) => {
      const rec = await m.getRepository(Recommendation).findOne({ where: { id: recommendationId }, lock: { mode: 'for_no_key_update' } });
      if (!rec) throw notFound('Recommandation');
      await this.membership.assertFacilitator(actor, rec.workingGroupId, { allowAdmin: true, manager: m });
      const { state } = await this.drafts.load(docNameFor(rec.id), m);
      const { content, snapshot } = draftToMarkdown(state);
      const [{ next }]: { next: number }[] = await m.query(
        'SELECT COALESCE(MAX("number"), 0)::int + 1 AS next FROM recommendation_version WHERE recommendation_id = $1',
        [rec.id],
      );
      const version = await m.getRepository(RecommendationVersion).save({
        recommendationId: rec.id,
        number: Number(next),
        content,
        contentHash: sha256Hex(content),
        ydocSnapshot: Buffer.from(snapshot),
        createdBy: actor.id,
      });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'version.created',
        entityType: 'recommendation_version',
        entityId: version.id,
        data: { recommendationId: rec.id, workingGroupId: rec.workingGroupId, number: version.number, contentHash: version.contentHash, locked: rec.locked },
      });
      const members: { userId: string }[] = await m.query(`SELECT user_id AS "userId" FROM group_member WHERE working_group_id = $1 AND user_id <> $2`, [rec.workingGroupId, actor.id]);
      await this.notifications.notify(m, {
        kind: 'version_frozen',
        userIds: members.map((u) => u.userId),
        title: `Version ${version.number} de « ${rec.title} » figée`,
        link: `/recommandations/${rec.id}`,
      });
      return version;
    });
  }

  async list(user: AuthUser, recommendationId: string, limit: number, offset: number): Promise<Page<RecommendationVersion>> {
    await this.requireReader(user, recommendationId);
    const [items, total] = await this.ds.getRepository(RecommendationVersion).findAndCount({
      select: SELECTED,
      where: { recommendationId },
      order: { number: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items, total };
  }

  async get(user: AuthUser, recommendationId: string, number: number): Promise<RecommendationVersion> {
    await this.requireReader(user, recommendationId);
    return this.find(recommendationId, number);
  }

  /** Word-level diff from version `a` to version `b` of the same recommendation. */
  async diff(user: AuthUser, recommendationId: string, a: number, b: number): Promise<{ a: number; b: number; changes: DiffChange[] }> {
    await this.requireReader(user, recommendationId);
    const [from, to] = await Promise.all([this.find(recommendationId, a), this.find(recommendationId, b)]);
    return { a, b, changes: wordDiff(from.content, to.content) };
  }

  /** Members of the recommendation's group (any role) and admins; 404 before 403. */
  private async requireReader(user: AuthUser, recommendationId: string, manager?: EntityManager): Promise<Recommendation> {
    const rec = await this.membership.requireRecommendation(recommendationId, manager);
    await this.membership.assertCanRead(user, rec.workingGroupId, manager);
    return rec;
  }

  private async find(recommendationId: string, number: number): Promise<RecommendationVersion> {
    const v = await this.ds.getRepository(RecommendationVersion).findOne({ select: SELECTED, where: { recommendationId, number } });
    if (!v) throw notFound(`Version ${number}`);
    return v;
  }
}

/** Every column but the Yjs snapshot, which stays in the database. */
const SELECTED = {
  id: true,
  recommendationId: true,
  number: true,
  content: true,
  contentHash: true,
  createdAt: true,
  createdBy: true,
} as const;

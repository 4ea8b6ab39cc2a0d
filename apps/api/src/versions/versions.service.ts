import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { docNameFor } from '@app/contracts';
import { Recommendation, RecommendationVersion, Transactions } from '@app/database';
import { conflict, DiffChange, ErrorCode, notFound, proseMirrorToMarkdown, sha256Hex, wordDiff, yXmlFragmentToProseMirror } from '@app/domain';
import { NotificationsService } from '../notifications/notifications.service';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { Page } from '../common/list.query';
import { GroupAccess } from '../access/group-access.service';
import { DocBlock, proseMirrorToBlocks } from '../documents/document';
import { DOCUMENT_TYPES, DocumentFormat } from '../documents/document-format.query';
import { toOdt } from '../documents/odt.writer';
import { toPdfDocument } from '../documents/pdf.writer';
import { RecommendationsService } from '../recommendations/recommendations.service';
import { MembersService } from '../working-groups/members.service';
import { VersionsRepository } from './versions.repository';

/** A rendered file: its bytes, content type and a file name. */
export interface DocumentFile {
  body: Buffer;
  type: string;
  filename: string;
}

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
  constructor(
    private readonly tx: Transactions,
    private readonly repo: VersionsRepository,
    private readonly access: GroupAccess,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly recommendations: RecommendationsService,
    private readonly members: MembersService,
  ) {}

  /**
   * Freezes the current draft as the next version. The recommendation row is locked for the
   * transaction, so concurrent freezes of one recommendation get consecutive numbers (and the
   * unique index (recommendation_id, number) stays the last guard). Allowed on locked drafts;
   * 409 `no_change` when the draft's content equals the latest version's.
   */
  freeze(actor: AuthUser, recommendationId: string): Promise<RecommendationVersion> {
    return this.tx.run(async (m) => {
      const rec = await this.recommendations.lockAgainstChanges(m, recommendationId);
      if (!rec) throw notFound('Recommandation');
      await this.access.role(actor, rec.workingGroupId, 'facilitate', m);
      const state = await this.repo.draftState(m, docNameFor(rec.id));
      const { content, snapshot } = draftToMarkdown(state);
      const { next, latestHash } = await this.repo.nextNumber(m, rec.id);
      // an identical version would compete with the previous one in a vote
      if (latestHash === sha256Hex(content)) throw conflict(`Aucune modification depuis la version ${Number(next) - 1} : rien à figer`, ErrorCode.NoChange);
      const version = await this.repo.insert(m, {
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
      await this.notifications.notify(m, {
        kind: 'version_frozen',
        userIds: await this.members.memberIdsExcept(m, rec.workingGroupId, actor.id),
        title: `Version ${version.number} de « ${rec.title} » figée`,
        link: `/recommandations/${rec.id}`,
      });
      return version;
    });
  }

  async list(user: AuthUser, recommendationId: string, limit: number, offset: number): Promise<Page<RecommendationVersion>> {
    await this.requireReader(user, recommendationId);
    return this.repo.page(recommendationId, limit, offset);
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

  /**
   * A version as a file. Markdown is the stored `content` byte for byte (its sha256 is
   * `contentHash`); PDF and ODT render the ProseMirror tree of the snapshot frozen with it, by
   * the same rules as the Markdown converter, so the three carry the same text.
   */
  async export(user: AuthUser, recommendationId: string, number: number, format: DocumentFormat): Promise<DocumentFile> {
    const rec = await this.requireReader(user, recommendationId);
    const v = await this.repo.byNumber(recommendationId, number, true);
    if (!v) throw notFound(`Version ${number}`);
    const base = `recommandation-${rec.id}-v${v.number}`;
    if (format === 'md') return { body: Buffer.from(v.content, 'utf8'), type: DOCUMENT_TYPES.md, filename: `${base}.md` };
    const title = `${rec.title} — version ${v.number}`;
    const blocks = versionBlocks(v);
    const body = format === 'pdf' ? await toPdfDocument(blocks, title) : await toOdt(blocks, title, v.createdAt);
    return { body, type: DOCUMENT_TYPES[format], filename: `${base}.${format}` };
  }

  /** Members of the recommendation's group (any role) and admins; 404 before 403. */
  private async requireReader(user: AuthUser, recommendationId: string, manager?: EntityManager): Promise<Recommendation> {
    return (await this.access.recommendation(user, recommendationId, 'read', { manager })).recommendation;
  }

  private async find(recommendationId: string, number: number): Promise<RecommendationVersion> {
    const v = await this.repo.byNumber(recommendationId, number);
    if (!v) throw notFound(`Version ${number}`);
    return v;
  }
}

/** The blocks of a frozen version: from its snapshot; a version without one keeps its Markdown lines as text. */
function versionBlocks(v: RecommendationVersion): DocBlock[] {
  if (!v.ydocSnapshot) return v.content.split(/\n{2,}/).filter((s) => s.trim()).map((s) => ({ kind: 'p', text: [s] }));
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, new Uint8Array(v.ydocSnapshot));
    return proseMirrorToBlocks(yXmlFragmentToProseMirror(doc.getXmlFragment(DRAFT_FRAGMENT)));
  } finally {
    doc.destroy();
  }
}

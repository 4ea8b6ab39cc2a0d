import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/database';
import { invalid, isValidRange, notFound } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/current-user';
import { GroupAccess } from '../access/group-access.service';
import { toCommentResponse } from './comment.response';
import { UsersService } from '../users/users.service';
import { CommentsRepository } from './comments.repository';
import { CreateCommentDto } from './dto/create-comment.dto';
import { ListCommentsQuery } from './dto/list-comments.query';

/** Comments in the margin of a recommendation: anchored to a range of a version or not, with replies and resolve. */
@Injectable()
export class CommentsService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: CommentsRepository,
    private readonly access: GroupAccess,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  async create(user: AuthUser, recommendationId: string, dto: CreateCommentDto) {
    const rec = (await this.access.recommendation(user, recommendationId, 'read')).recommendation;
    await this.access.role(user, rec.workingGroupId, 'contribute');
    const hasRange = dto.start !== undefined || dto.end !== undefined;
    let versionId: string | null = dto.versionId ?? null;
    let start: number | null = null;
    let end: number | null = null;
    let parentId: string | null = null;
    if (dto.parentId) {
      const parent = await this.repo.find(dto.parentId);
      if (!parent || parent.recommendationId !== rec.id) throw invalid('parentId : commentaire inconnu sur cette recommandation');
      if (hasRange) throw invalid('start, end : une réponse reprend l’ancrage du commentaire auquel elle répond');
      // a reply is in the thread of the first comment
      parentId = parent.parentId ?? parent.id;
      versionId = parent.versionId;
      [start, end] = [parent.start, parent.end];
    } else if (hasRange || versionId) {
      if (!versionId) throw invalid('versionId : un commentaire ancré à un passage indique sa version');
      const version = await this.repo.version(rec.id, versionId);
      if (!version) throw invalid('versionId : ce n’est pas une version de cette recommandation');
      if (hasRange) {
        if (dto.start === undefined || dto.end === undefined || !isValidRange(dto.start, dto.end, version.content.length)) {
          throw invalid(`start, end : il faut 0 ≤ start ≤ end ≤ ${version.content.length} (longueur du texte de la version)`);
        }
        [start, end] = [dto.start, dto.end];
      }
    }
    const saved = await this.tx.run(async (m) => {
      const c = await this.repo.save({ recommendationId: rec.id, versionId, start, end, body: dto.body, authorId: user.id, parentId, resolved: false }, m);
      await this.audit.record(m, { actorId: user.id, action: 'comment.created', entityType: 'comment', entityId: c.id, data: { recommendationId: rec.id, parentId } });
      return c;
    });
    return toCommentResponse(saved, user.displayName);
  }

  async list(user: AuthUser, recommendationId: string, q: ListCommentsQuery) {
    const rec = (await this.access.recommendation(user, recommendationId, 'read')).recommendation;
    await this.access.role(user, rec.workingGroupId, 'read');
    const page = await this.repo.list(rec.id, q.versionId, q.limit, q.offset);
    const names = await this.users.displayNames(page.items.map((c) => c.authorId));
    return { items: page.items.map((c) => toCommentResponse(c, names.get(c.authorId) ?? null)), total: page.total };
  }

  /** Resolve or reopen (participants and facilitators of the group). */
  async setResolved(user: AuthUser, id: string, resolved: boolean) {
    const found = await this.repo.find(id);
    if (!found) throw notFound('Commentaire');
    const rec = (await this.access.recommendation(user, found.recommendationId, 'read')).recommendation;
    await this.access.role(user, rec.workingGroupId, 'contribute');
    const saved = await this.tx.run(async (m) => {
      found.resolved = resolved;
      const c = await this.repo.save(found, m);
      await this.audit.record(m, { actorId: user.id, action: resolved ? 'comment.resolved' : 'comment.reopened', entityType: 'comment', entityId: id, data: { recommendationId: rec.id } });
      return c;
    });
    const names = await this.users.displayNames([saved.authorId]);
    return toCommentResponse(saved, names.get(saved.authorId) ?? null);
  }
}

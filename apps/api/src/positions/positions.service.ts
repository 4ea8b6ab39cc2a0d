import { Injectable } from '@nestjs/common';
import { Recommendation, Transactions } from '@app/database';
import { conflict, ErrorCode, forbidden, invalid, notFound, representsAssociation } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/current-user';
import { ListQuery } from '../common/list.query';
import { GroupAccess } from '../access/group-access.service';
import { SubmitPositionDto } from './dto/submit-position.dto';
import { positionHash } from './position-hash';
import { toPositionResponse } from './position.response';
import { PositionRow, PositionsRepository } from './positions.repository';
import { OrganizationsService } from '../organizations/organizations.service';
import { RecommendationsService } from '../recommendations/recommendations.service';

/**
 * Formal positions of associations. Any representative of an `association` organisation may
 * submit one on any recommendation (associations give positions on the whole programme, not
 * only in the groups they sit in); group members, admins and association representatives read.
 */
@Injectable()
export class PositionsService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: PositionsRepository,
    private readonly access: GroupAccess,
    private readonly audit: AuditService,
    private readonly organizations: OrganizationsService,
    private readonly recommendations: RecommendationsService,
  ) {}

  private async isAssociationRepresentative(user: AuthUser): Promise<boolean> {
    if (!user.isRepresentative || !user.organizationId) return false;
    return representsAssociation(user, (await this.organizations.find(user.organizationId))?.kind);
  }

  private async readable(user: AuthUser, recommendationId: string): Promise<Recommendation> {
    const rec = await this.recommendations.find(recommendationId);
    if (!rec) throw notFound('Recommandation');
    if (await this.access.may(user, rec.workingGroupId, 'read')) return rec;
    if (await this.isAssociationRepresentative(user)) return rec;
    throw forbidden('Réservé aux membres du groupe de travail et aux représentants des associations');
  }

  /**
   * Submits a position on the latest version, before the deadline. It supersedes the
   * organisation's current one in the same transaction; the recommendation row is locked so that
   * submissions, new versions and deadline changes are serialised (and a partial unique index
   * keeps one current position per organisation).
   */
  async submit(user: AuthUser, recommendationId: string, dto: SubmitPositionDto) {
    const row = await this.tx.run(async (m) => {
      // the recommendation is locked against concurrent submissions, deadline changes and new versions
      const rec = await this.recommendations.lockAgainstChanges(m, recommendationId);
      if (!rec) throw notFound('Recommandation');
      const org = user.isRepresentative && user.organizationId ? await this.organizations.find(user.organizationId, m) : null;
      if (!org || !representsAssociation(user, org.kind)) throw forbidden('Seuls les représentants d’une association d’élus déposent une position formelle');
      const version = await this.repo.version(m, rec.id, dto.versionId);
      if (!version) throw invalid('versionId : ce n’est pas une version de cette recommandation');
      const latest = await this.repo.latestVersionNumber(m, rec.id);
      if (version.number !== latest) throw conflict(`La version ${version.number} n’est plus la dernière (version ${latest}) : rendez votre position sur la dernière version`, ErrorCode.StaleVersion);
      const submittedAt = new Date();
      if (rec.positionsDeadline && submittedAt.getTime() > new Date(rec.positionsDeadline).getTime()) {
        throw conflict('La date limite de dépôt des positions est passée', ErrorCode.DeadlinePassed);
      }
      const previous = await this.repo.currentOf(m, rec.id, org.id);
      if (previous) await this.repo.supersede(m, previous.id);
      const motivation = dto.motivation ? dto.motivation : null;
      const fields = {
        recommendationId: rec.id,
        versionId: version.id,
        organizationId: org.id,
        stance: dto.stance,
        motivation,
        submittedAt: submittedAt.toISOString(),
        supersedesId: previous?.id ?? null,
        versionContentHash: version.contentHash.trim(),
      };
      const hash = positionHash(fields);
      const saved = await this.repo.insert(m, {
        recommendationId: rec.id,
        versionId: version.id,
        organizationId: org.id,
        submittedBy: user.id,
        stance: dto.stance,
        motivation,
        submittedAt,
        supersedesId: fields.supersedesId,
        current: true,
        hash,
      });
      await this.audit.record(m, {
        actorId: user.id,
        action: 'position.submitted',
        entityType: 'position',
        entityId: saved.id,
        data: { recommendationId: rec.id, versionId: version.id, versionNumber: version.number, organizationId: org.id, stance: dto.stance, supersedesId: fields.supersedesId, hash },
      });
      return this.repo.row(saved.id, m);
    });
    return toPositionResponse(row);
  }

  async list(user: AuthUser, recommendationId: string, q: ListQuery, all: boolean) {
    const rec = await this.readable(user, recommendationId);
    const page = await this.repo.list(rec.id, all, q.limit, q.offset);
    return { items: page.items.map(toPositionResponse), total: page.total };
  }

  /** Current positions on these recommendations (for the minutes; the caller checked access). */
  currentOn(recommendationIds: string[]): Promise<PositionRow[]> {
    return this.repo.currentOn(recommendationIds);
  }
}

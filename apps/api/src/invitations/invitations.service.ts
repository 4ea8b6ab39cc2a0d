import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventBus } from '@app/bus';
import { APP_CONFIG, AppConfig } from '@app/core';
import { inTransaction, Invitation, Organization, User, WorkingGroup } from '@app/database';
import { DomainError, ErrorCode, forbidden, invalid } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/auth.service';
import { UserCache } from '../auth/user-cache';
import { AuthUser } from '../common/current-user';
import { Page } from '../common/list.query';
import { GroupAccess } from '../access/group-access.service';
import { MailQueue } from '../notifications/mail-queue.service';
import { invitationMail } from '../notifications/mail.templates';
import { NotificationsService } from '../notifications/notifications.service';
import { CreateInvitationDto } from './dto/create-invitation.dto';
import { ListInvitationsQuery } from './dto/list-invitations.query';
import { hashToken, newToken } from './one-time-token';

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
export const GONE_LINK = 'Ce lien n’est plus valable (déjà utilisé ou expiré)';

/**
 * Invitations by e-mail: an admin invites anyone, a facilitator into their own group. The link
 * carries a random token stored only as its hash; accepting it is single use (one UPDATE … WHERE
 * accepted_at IS NULL AND expires_at > now()).
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: GroupAccess,
    private readonly audit: AuditService,
    private readonly mail: MailQueue,
    private readonly notifications: NotificationsService,
    private readonly users: UserCache,
    private readonly bus: EventBus,
  ) {}

  async create(actor: AuthUser, dto: CreateInvitationDto): Promise<Invitation> {
    if (dto.role && !dto.workingGroupId) throw invalid('role: seulement avec workingGroupId');
    if (actor.role !== 'admin') {
      if (!dto.workingGroupId) throw forbidden('Seul un administrateur invite hors d’un groupe de travail');
      await this.access.group(actor, dto.workingGroupId, 'manageMembers');
    }
    const email = dto.email.trim().toLowerCase();
    const { token, hash } = newToken();
    return inTransaction(this.ds, async (m) => {
      const org = await m.getRepository(Organization).findOne({ where: { id: dto.organizationId } });
      if (!org) throw invalid('organizationId: organisation inconnue');
      let group: WorkingGroup | null = null;
      if (dto.workingGroupId) {
        group = await m.getRepository(WorkingGroup).findOne({ where: { id: dto.workingGroupId } });
        if (!group) throw invalid('workingGroupId: groupe de travail inconnu');
      }
      const invitation = await m.getRepository(Invitation).save({
        email,
        displayName: dto.displayName.trim(),
        organizationId: org.id,
        workingGroupId: group?.id ?? null,
        role: group ? (dto.role ?? 'participant') : null,
        tokenHash: hash,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        acceptedAt: null,
        userId: null,
        invitedBy: actor.id,
      });
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'invitation.created',
        entityType: 'invitation',
        entityId: invitation.id,
        data: { email, organizationId: org.id, workingGroupId: invitation.workingGroupId, role: invitation.role },
      });
      const url = `${this.config.publicUrl}/invitation/${token}`;
      await this.mail.enqueue(m, [
        { to: email, ...invitationMail({ displayName: invitation.displayName, inviterName: actor.displayName, organizationName: org.name, groupTitle: group?.title, url, expiresAt: invitation.expiresAt }) },
      ]);
      // A known account also sees it in the application (the e-mail above is the invitation itself).
      const known = await m.getRepository(User).findOne({ where: { email }, select: { id: true } });
      if (known) {
        // The link stays in the e-mail only: the token is stored nowhere in clear.
        const where = group ? `au groupe de travail « ${group.title} »` : 'sur la plateforme de concertation';
        const title = `Vous êtes invité(e) ${where} : le lien pour accepter vous a été envoyé par e-mail`;
        await this.notifications.notify(m, { kind: 'invited', userIds: [known.id], title, link: '/mes-groupes', email: false });
      }
      return invitation;
    });
  }

  async list(actor: AuthUser, q: ListInvitationsQuery): Promise<Page<Invitation>> {
    const qb = this.ds.getRepository(Invitation).createQueryBuilder('i');
    if (actor.role !== 'admin') {
      qb.where(`i.working_group_id IN (SELECT gm.working_group_id FROM group_member gm WHERE gm.user_id = :uid AND gm.role = 'facilitator')`, { uid: actor.id });
    }
    if (q.workingGroupId !== undefined) qb.andWhere('i.working_group_id = :wg', { wg: q.workingGroupId });
    const [items, total] = await qb.orderBy('i.created_at', 'DESC').addOrderBy('i.id', 'DESC').take(q.limit).skip(q.offset).getManyAndCount();
    return { items, total };
  }

  /** Creates the account (or attaches a known one) and the membership; 410 for a used, expired or unknown token. */
  async accept(token: string, password: string): Promise<User> {
    const passwordHash = await hashPassword(password);
    const { user, membership } = await inTransaction(this.ds, async (m) => {
      const [updated] = (await m.query(
        `UPDATE invitation SET accepted_at = now() WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > now()
         RETURNING id, email, display_name AS "displayName", organization_id AS "organizationId", working_group_id AS "workingGroupId", role`,
        [hashToken(token)],
      )) as [Invitation[], number]; // UPDATE … RETURNING answers [rows, count]
      const inv = updated[0];
      if (!inv) throw new DomainError(ErrorCode.Gone, GONE_LINK);
      const repo = m.getRepository(User);
      let user = await repo.findOne({ where: { email: inv.email } });
      if (!user) {
        user = await repo.save({ email: inv.email, displayName: inv.displayName, passwordHash, organizationId: inv.organizationId, role: 'member', isRepresentative: false });
        await this.audit.record(m, { actorId: user.id, action: 'user.created', entityType: 'user', entityId: user.id, data: { email: user.email, invitationId: inv.id } });
      } else if (!user.organizationId) {
        await repo.update({ id: user.id }, { organizationId: inv.organizationId });
        user.organizationId = inv.organizationId;
      }
      let membership = false;
      if (inv.workingGroupId && inv.role) {
        const added: unknown[] = await m.query(
          `INSERT INTO group_member (working_group_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id`,
          [inv.workingGroupId, user.id, inv.role],
        );
        membership = added.length > 0;
        if (membership) {
          await this.audit.record(m, { actorId: user.id, action: 'member.added', entityType: 'working_group', entityId: inv.workingGroupId, data: { userId: user.id, role: inv.role, invitationId: inv.id } });
        }
      }
      await m.query(`UPDATE invitation SET user_id = $2 WHERE id = $1`, [inv.id, user.id]);
      await this.audit.record(m, { actorId: user.id, action: 'invitation.accepted', entityType: 'invitation', entityId: inv.id, data: { userId: user.id } });
      return { user, membership: membership ? { workingGroupId: inv.workingGroupId!, role: inv.role! } : null };
    });
    this.users.invalidate(user.id);
    if (membership) await this.bus.publish('membership.changed', { workingGroupId: membership.workingGroupId, userId: user.id, role: membership.role });
    return user;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { EventBus } from '@app/bus';
import { APP_CONFIG, AppConfig } from '@app/core';
import { Invitation, Transactions, User } from '@app/database';
import { forbidden, invalid } from '@app/domain';
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
import { OrganizationsService } from '../organizations/organizations.service';
import { UsersService } from '../users/users.service';
import { MembersService } from '../working-groups/members.service';
import { WorkingGroupsService } from '../working-groups/working-groups.service';
import { InvitationsRepository } from './invitations.repository';
import { consumeLink, issueLink } from './one-time-token';

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
export { GONE_LINK } from './one-time-token';

/**
 * Invitations by e-mail: an admin invites anyone, a facilitator into their own group. The link
 * carries a random token stored only as its hash; accepting it is single use (one UPDATE … WHERE
 * accepted_at IS NULL AND expires_at > now()).
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: InvitationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: GroupAccess,
    private readonly audit: AuditService,
    private readonly mail: MailQueue,
    private readonly notifications: NotificationsService,
    private readonly users: UserCache,
    private readonly bus: EventBus,
    private readonly organizations: OrganizationsService,
    private readonly groups: WorkingGroupsService,
    private readonly members: MembersService,
    private readonly accounts: UsersService,
  ) {}

  async create(actor: AuthUser, dto: CreateInvitationDto): Promise<Invitation> {
    if (dto.role && !dto.workingGroupId) throw invalid('role: seulement avec workingGroupId');
    if (actor.role !== 'admin') {
      if (!dto.workingGroupId) throw forbidden('Seul un administrateur invite hors d’un groupe de travail');
      await this.access.group(actor, dto.workingGroupId, 'manageMembers');
    }
    const email = dto.email.trim().toLowerCase();
    const link = issueLink(`${this.config.publicUrl}/invitation/`, INVITATION_TTL_MS);
    return this.tx.run(async (m) => {
      const org = await this.organizations.find(dto.organizationId, m);
      if (!org) throw invalid('organizationId: organisation inconnue');
      const group = dto.workingGroupId ? await this.groups.find(dto.workingGroupId, m) : null;
      if (dto.workingGroupId && !group) throw invalid('workingGroupId: groupe de travail inconnu');
      const invitation = await this.repo.insertInvitation(m, {
        email,
        displayName: dto.displayName.trim(),
        organizationId: org.id,
        workingGroupId: group?.id ?? null,
        role: group ? (dto.role ?? 'participant') : null,
        tokenHash: link.hash,
        expiresAt: link.expiresAt,
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
      await this.mail.enqueue(m, [
        {
          to: email,
          ...invitationMail({ displayName: invitation.displayName, inviterName: actor.displayName, organizationName: org.name, groupTitle: group?.title, url: link.url, expiresAt: invitation.expiresAt }),
        },
      ]);
      // A known account also sees it in the application (the e-mail above is the invitation itself).
      const known = await this.accounts.findByEmail(email, m);
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
    return this.repo.page({ facilitatorId: actor.role === 'admin' ? undefined : actor.id, workingGroupId: q.workingGroupId }, q.limit, q.offset);
  }

  /** Creates the account (or attaches a known one) and the membership; 410 for a used, expired or unknown token. */
  async accept(token: string, password: string): Promise<User> {
    const passwordHash = await hashPassword(password);
    const { user, membership } = await this.tx.run(async (m) => {
      const inv = await consumeLink(token, (hash) => this.repo.claimInvitation(m, hash));
      let user: User | null = await this.accounts.findByEmail(inv.email, m);
      if (!user) {
        user = await this.accounts.createInvited(m, { email: inv.email, displayName: inv.displayName, passwordHash, organizationId: inv.organizationId }, inv.id);
      } else if (!user.organizationId) {
        await this.accounts.attachOrganization(m, user.id, inv.organizationId);
        user.organizationId = inv.organizationId;
      }
      const membership = !!inv.workingGroupId && !!inv.role && (await this.members.addFromInvitation(m, inv.workingGroupId, user.id, inv.role, inv.id));
      await this.repo.setInvitationUser(m, inv.id, user.id);
      await this.audit.record(m, { actorId: user.id, action: 'invitation.accepted', entityType: 'invitation', entityId: inv.id, data: { userId: user.id } });
      return { user, membership: membership ? { workingGroupId: inv.workingGroupId!, role: inv.role! } : null };
    });
    this.users.invalidate(user.id);
    if (membership) await this.bus.publish('membership.changed', { workingGroupId: membership.workingGroupId, userId: user.id, role: membership.role });
    return user;
  }
}

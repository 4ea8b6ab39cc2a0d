import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Transactions, User } from '@app/database';
import { conflict, DomainError, ErrorCode, invalid, notFound } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { hashPassword } from '../auth/auth.service';
import { UserCache } from '../auth/user-cache';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { OrganizationsService } from '../organizations/organizations.service';
import { MembersService } from '../working-groups/members.service';
import { UsersRepository } from './users.repository';

/** User accounts. Exported for the other features: `get`, `findByEmail`, and the writes of an accepted invitation or a password reset. */
@Injectable()
export class UsersService {
  constructor(
    private readonly tx: Transactions,
    private readonly repo: UsersRepository,
    private readonly audit: AuditService,
    private readonly cache: UserCache,
    private readonly organizations: OrganizationsService,
    private readonly members: MembersService,
  ) {}

  private async checkOrganization(m: EntityManager, id: string | null | undefined): Promise<void> {
    if (!id) return;
    if (!(await this.organizations.exists(id, m))) throw invalid('organizationId: organisation inconnue');
  }

  create(actor: AuthUser | null, dto: CreateUserDto): Promise<User> {
    return this.tx.run(async (m) => {
      const email = dto.email.trim().toLowerCase();
      await this.checkOrganization(m, dto.organizationId);
      if (await this.repo.emailTaken(m, email)) throw new DomainError(ErrorCode.AlreadyExists, 'Un compte existe déjà pour cette adresse e-mail');
      const user = await this.repo.insert(m, {
        email,
        displayName: dto.displayName.trim(),
        passwordHash: await hashPassword(dto.password),
        organizationId: dto.organizationId ?? null,
        role: dto.role ?? 'member',
        isRepresentative: dto.isRepresentative ?? false,
      });
      await this.audit.record(m, {
        actorId: actor?.id ?? null,
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        data: { role: user.role, organizationId: user.organizationId, isRepresentative: user.isRepresentative },
      });
      return user;
    });
  }

  list(q: ListUsersQuery): Promise<{ items: User[]; total: number }> {
    return this.repo.page(q.organizationId, q.limit, q.offset);
  }

  /** Admins and facilitators (of any group) see other people's e-mail addresses (API.md v2). */
  async seesEmails(user: AuthUser): Promise<boolean> {
    if (user.role === 'admin') return true;
    return this.members.facilitatesAny(user.id);
  }

  async get(id: string): Promise<User> {
    const user = await this.repo.find(id);
    if (!user) throw notFound('Utilisateur');
    return user;
  }

  async update(actor: AuthUser, id: string, dto: UpdateUserDto): Promise<User> {
    const saved = await this.tx.run(async (m) => {
      const user = await this.repo.lockForUpdate(m, id);
      if (!user) throw notFound('Utilisateur');
      if (dto.organizationId !== undefined) await this.checkOrganization(m, dto.organizationId);
      if (dto.email !== undefined) {
        const email = dto.email.trim().toLowerCase();
        if (email !== user.email && (await this.repo.emailTaken(m, email))) throw conflict('Un compte existe déjà pour cette adresse e-mail', ErrorCode.AlreadyExists);
        user.email = email;
      }
      if (dto.displayName !== undefined) user.displayName = dto.displayName.trim();
      if (dto.organizationId !== undefined) user.organizationId = dto.organizationId ?? null;
      if (dto.role !== undefined) {
        if (user.id === actor.id && dto.role !== 'admin') throw conflict('Un administrateur ne peut pas retirer son propre rôle');
        user.role = dto.role;
      }
      if (dto.isRepresentative !== undefined) user.isRepresentative = dto.isRepresentative;
      if (dto.password !== undefined) user.passwordHash = await hashPassword(dto.password);
      const result = await this.repo.save(m, user);
      const { password, ...changed } = dto;
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        data: { ...changed, passwordChanged: password !== undefined },
      });
      return result;
    });
    this.cache.invalidate(id);
    return saved;
  }

  /** The user, their organisation and their group memberships (GET /api/me). */
  async profile(id: string) {
    const user = await this.get(id);
    const organization = user.organizationId ? await this.organizations.find(user.organizationId) : null;
    const memberships = await this.members.membershipsOf(id);
    return { user, organization, memberships };
  }

  // ------------------------------------------------------------------ for the other features (in their transaction)

  /** Display names by id (authors of amendments, comments…); unknown ids are absent. */
  displayNames(ids: string[], manager?: EntityManager): Promise<Map<string, string>> {
    if (ids.length === 0) return Promise.resolve(new Map());
    return this.repo.displayNames(ids, manager);
  }

  /** The account of this (lower-cased) e-mail address, or null. */
  findByEmail(email: string, manager?: EntityManager): Promise<User | null> {
    return this.repo.byEmail(email, manager);
  }

  /** Creates the member account of an accepted invitation (audited `user.created`). */
  async createInvited(m: EntityManager, fields: Pick<User, 'email' | 'displayName' | 'passwordHash' | 'organizationId'>, invitationId: string): Promise<User> {
    const user = await this.repo.insert(m, { ...fields, role: 'member', isRepresentative: false });
    await this.audit.record(m, { actorId: user.id, action: 'user.created', entityType: 'user', entityId: user.id, data: { email: user.email, invitationId } });
    return user;
  }

  /** Sets the organisation of an account that has none (an accepted invitation). The caller invalidates the user cache. */
  async attachOrganization(m: EntityManager, id: string, organizationId: string): Promise<void> {
    await this.repo.update(m, id, { organizationId });
  }

  /** Sets a new password hash (a password reset). The caller audits and invalidates the user cache. */
  async setPasswordHash(m: EntityManager, id: string, passwordHash: string): Promise<void> {
    await this.repo.update(m, id, { passwordHash });
  }
}

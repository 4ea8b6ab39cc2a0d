import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { GroupMember, inTransaction, Organization, User, WorkingGroup } from '@app/database';
import { conflict, DomainError, ErrorCode, invalid, notFound } from '@app/domain';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/current-user';
import { hashPassword } from '../auth/auth.service';
import { UserCache } from '../auth/user-cache';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { ListUsersQuery } from './dto/list-users.query';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly cache: UserCache,
  ) {}

  private async checkOrganization(m: EntityManager, id: string | null | undefined): Promise<void> {
    if (!id) return;
    if (!(await m.getRepository(Organization).exists({ where: { id } }))) throw invalid('organizationId: organisation inconnue');
  }

  create(actor: AuthUser | null, dto: CreateUserDto): Promise<User> {
    return inTransaction(this.ds, async (m) => {
      const email = dto.email.trim().toLowerCase();
      await this.checkOrganization(m, dto.organizationId);
      const repo = m.getRepository(User);
      if (await repo.exists({ where: { email } })) throw new DomainError(ErrorCode.AlreadyExists, 'Un compte existe déjà pour cette adresse e-mail');
      const user = await repo.save({
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

  async list(q: ListUsersQuery): Promise<{ items: User[]; total: number }> {
    const where = q.organizationId ? { organizationId: q.organizationId } : {};
    const [items, total] = await this.ds.getRepository(User).findAndCount({ where, order: { displayName: 'ASC', id: 'ASC' }, take: q.limit, skip: q.offset });
    return { items, total };
  }

  /** Admins and facilitators (of any group) see other people's e-mail addresses (API.md v2). */
  async seesEmails(user: AuthUser): Promise<boolean> {
    if (user.role === 'admin') return true;
    return this.ds.getRepository(GroupMember).exists({ where: { userId: user.id, role: 'facilitator' } });
  }

  async get(id: string): Promise<User> {
    const user = await this.ds.getRepository(User).findOne({ where: { id } });
    if (!user) throw notFound('Utilisateur');
    return user;
  }

  async update(actor: AuthUser, id: string, dto: UpdateUserDto): Promise<User> {
    const saved = await inTransaction(this.ds, async (m) => {
      const repo = m.getRepository(User);
      const user = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('Utilisateur');
      if (dto.organizationId !== undefined) await this.checkOrganization(m, dto.organizationId);
      if (dto.email !== undefined) {
        const email = dto.email.trim().toLowerCase();
        if (email !== user.email && (await repo.exists({ where: { email } }))) throw conflict('Un compte existe déjà pour cette adresse e-mail', ErrorCode.AlreadyExists);
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
      const result = await repo.save(user);
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
    const organization = user.organizationId ? await this.ds.getRepository(Organization).findOne({ where: { id: user.organizationId } }) : null;
    const memberships = await this.ds
      .getRepository(GroupMember)
      .createQueryBuilder('m')
      .innerJoin(WorkingGroup, 'g', 'g.id = m.working_group_id')
      .select(['m.working_group_id AS "workingGroupId"', 'm.role AS role', 'g.title AS title', 'g.axis_id AS "axisId"', 'g.status AS status'])
      .where('m.user_id = :id', { id })
      .orderBy('g.title', 'ASC')
      .getRawMany<{ workingGroupId: string; role: string; title: string; axisId: string; status: string }>();
    return { user, organization, memberships };
  }
}

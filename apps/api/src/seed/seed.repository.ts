import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Axis, GroupMember, Organization, Recommendation, User, WorkingGroup } from '@app/database';

/**
 * The seeds' data loader: plain inserts across the programme's tables, in the seed's transaction,
 * without the features' rules or audit events (the seed records one event of its own). A loader,
 * not a feature: it writes rows the features then own.
 */
@Injectable()
export class SeedRepository {
  /** The transaction-scoped advisory lock that serialises the admin seed between nodes. */
  async lockAdminSeed(m: EntityManager): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(72017002)');
  }

  /** The same for the demo programme. */
  async lockDemoSeed(m: EntityManager): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(72017003)');
  }

  adminExists(m: EntityManager): Promise<boolean> {
    return m.getRepository(User).exists({ where: { role: 'admin' } });
  }

  userByEmail(m: EntityManager, email: string): Promise<User | null> {
    return m.getRepository(User).findOne({ where: { email } });
  }

  emailTaken(m: EntityManager, email: string): Promise<boolean> {
    return m.getRepository(User).exists({ where: { email } });
  }

  /** Whether the programme is empty (no axis, no organisation): the demo is loaded only then. */
  async programmeEmpty(m: EntityManager): Promise<boolean> {
    return (await m.getRepository(Axis).count()) === 0 && (await m.getRepository(Organization).count()) === 0;
  }

  saveUser(m: EntityManager, user: Partial<User>): Promise<User> {
    return m.getRepository(User).save(user);
  }

  insertOrganization(m: EntityManager, fields: Partial<Organization>): Promise<Organization> {
    return m.getRepository(Organization).save(fields);
  }

  insertAxis(m: EntityManager, fields: Partial<Axis>): Promise<Axis> {
    return m.getRepository(Axis).save(fields);
  }

  insertGroup(m: EntityManager, fields: Partial<WorkingGroup>): Promise<WorkingGroup> {
    return m.getRepository(WorkingGroup).save(fields);
  }

  async insertMember(m: EntityManager, fields: Pick<GroupMember, 'workingGroupId' | 'userId' | 'role'>): Promise<void> {
    await m.getRepository(GroupMember).save(fields);
  }

  insertRecommendation(m: EntityManager, fields: Partial<Recommendation>): Promise<Recommendation> {
    return m.getRepository(Recommendation).save(fields);
  }
}

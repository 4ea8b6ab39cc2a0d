import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Axis, GroupMember, inTransaction, Organization, Recommendation, User, WorkingGroup } from '@app/database';
import { collegeOf } from '@app/domain';
import { APP_CONFIG, AppConfig } from '@app/core';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/auth.service';
import { DEMO_AXES, DEMO_ORGANIZATIONS, DEMO_PASSWORD, DEMO_RECOMMENDATIONS, DEMO_USERS } from './demo-data';

/** Hook run after the demo programme is created (the live drafts add their initial text). */
export type DemoRecommendationHook = (recommendation: Recommendation, paragraphs: string[]) => Promise<void>;

/** Idempotent seeds run at start: the first admin, then the demo programme on an empty database. */
@Injectable()
export class SeedService {
  private readonly logger = new Logger('Seed');
  private readonly hooks: DemoRecommendationHook[] = [];

  constructor(
    private readonly tx: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  onDemoRecommendation(hook: DemoRecommendationHook): void {
    this.hooks.push(hook);
  }

  async run(): Promise<void> {
    await this.bootstrapAdmin();
    if (this.config.demoData) await this.demo();
  }

  async bootstrapAdmin(): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail || !adminPassword) return;
    await this.tx.run(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(72017002)');
      const users = m.getRepository(User);
      if (await users.exists({ where: { role: 'admin' } })) return;
      const email = adminEmail.toLowerCase();
      const existing = await users.findOne({ where: { email } });
      const admin = existing
        ? await users.save({ ...existing, role: 'admin' as const })
        : await users.save({ email, displayName: 'Administrateur', passwordHash: await hashPassword(adminPassword), role: 'admin', organizationId: null, isRepresentative: false });
      await this.audit.record(m, { actorId: null, action: 'user.admin_bootstrapped', entityType: 'user', entityId: admin.id, data: {} });
      this.logger.log(`admin ${email} created from ADMIN_EMAIL`);
    });
  }

  async demo(): Promise<void> {
    const created: { rec: Recommendation; text: string[] }[] = [];
    await this.tx.run(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(72017003)');
      if ((await m.getRepository(Axis).count()) > 0 || (await m.getRepository(Organization).count()) > 0) return;
      const orgs = new Map<string, Organization>();
      for (const o of DEMO_ORGANIZATIONS) {
        orgs.set(o.key, await m.getRepository(Organization).save({ name: o.name, kind: o.kind, college: collegeOf(o.kind) }));
      }
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      const users: { user: User; groupRole?: string }[] = [];
      for (const u of DEMO_USERS) {
        if (await m.getRepository(User).exists({ where: { email: u.email } })) continue;
        const user = await m.getRepository(User).save({
          email: u.email,
          displayName: u.displayName,
          passwordHash,
          organizationId: orgs.get(u.org)!.id,
          role: u.role,
          isRepresentative: u.isRepresentative ?? false,
        });
        users.push({ user, groupRole: u.groupRole });
      }
      let position = 1;
      for (const a of DEMO_AXES) {
        const axis = await m.getRepository(Axis).save({ code: a.code, title: a.title, description: a.description, position: position++ });
        const group = await m.getRepository(WorkingGroup).save({ axisId: axis.id, title: a.group, mandate: a.mandate, status: 'active' });
        for (const { user, groupRole } of users) {
          if (groupRole) await m.getRepository(GroupMember).save({ workingGroupId: group.id, userId: user.id, role: groupRole as GroupMember['role'] });
        }
        const facilitator = users.find((u) => u.groupRole === 'facilitator')?.user;
        for (const r of DEMO_RECOMMENDATIONS.filter((x) => x.axis === a.code)) {
          const rec = await m.getRepository(Recommendation).save({
            workingGroupId: group.id,
            title: r.title,
            horizon: r.horizon,
            status: 'draft',
            locked: false,
            positionsDeadline: new Date(Date.now() + 30 * 24 * 3600 * 1000),
            createdBy: facilitator?.id ?? null,
          });
          created.push({ rec, text: r.text });
        }
      }
      await this.audit.record(m, {
        actorId: null,
        action: 'demo.seeded',
        entityType: 'platform',
        data: { organizations: DEMO_ORGANIZATIONS.length, users: users.length, axes: DEMO_AXES.length, recommendations: created.length },
      });
      this.logger.log(`demo programme loaded: ${DEMO_AXES.length} axes, ${users.length} users, ${created.length} recommendations`);
    });
    for (const { rec, text } of created) for (const hook of this.hooks) await hook(rec, text);
  }
}

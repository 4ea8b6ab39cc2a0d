import { Inject, Injectable, Logger } from '@nestjs/common';
import { GroupMember, Organization, Recommendation, Transactions, User } from '@app/database';
import { collegeOf } from '@app/domain';
import { APP_CONFIG, AppConfig } from '@app/core';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/auth.service';
import { SeedRepository } from './seed.repository';
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
    private readonly repo: SeedRepository,
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
      await this.repo.lockAdminSeed(m);
      if (await this.repo.adminExists(m)) return;
      const email = adminEmail.toLowerCase();
      const existing = await this.repo.userByEmail(m, email);
      const admin = existing
        ? await this.repo.saveUser(m, { ...existing, role: 'admin' as const })
        : await this.repo.saveUser(m, { email, displayName: 'Administrateur', passwordHash: await hashPassword(adminPassword), role: 'admin', organizationId: null, isRepresentative: false });
      await this.audit.record(m, { actorId: null, action: 'user.admin_bootstrapped', entityType: 'user', entityId: admin.id, data: {} });
      this.logger.log(`admin ${email} created from ADMIN_EMAIL`);
    });
  }

  async demo(): Promise<void> {
    const created: { rec: Recommendation; text: string[] }[] = [];
    await this.tx.run(async (m) => {
      await this.repo.lockDemoSeed(m);
      if (!(await this.repo.programmeEmpty(m))) return;
      const orgs = new Map<string, Organization>();
      for (const o of DEMO_ORGANIZATIONS) {
        orgs.set(o.key, await this.repo.insertOrganization(m, { name: o.name, kind: o.kind, college: collegeOf(o.kind) }));
      }
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      const users: { user: User; groupRole?: string }[] = [];
      for (const u of DEMO_USERS) {
        if (await this.repo.emailTaken(m, u.email)) continue;
        const user = await this.repo.saveUser(m, {
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
        const axis = await this.repo.insertAxis(m, { code: a.code, title: a.title, description: a.description, position: position++ });
        const group = await this.repo.insertGroup(m, { axisId: axis.id, title: a.group, mandate: a.mandate, status: 'active' });
        for (const { user, groupRole } of users) {
          if (groupRole) await this.repo.insertMember(m, { workingGroupId: group.id, userId: user.id, role: groupRole as GroupMember['role'] });
        }
        const facilitator = users.find((u) => u.groupRole === 'facilitator')?.user;
        for (const r of DEMO_RECOMMENDATIONS.filter((x) => x.axis === a.code)) {
          const rec = await this.repo.insertRecommendation(m, {
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

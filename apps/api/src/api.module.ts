import { Module } from '@nestjs/common';
import { AmendmentsModule } from './amendments/amendments.module';
import { CommentsModule } from './comments/comments.module';
import { ProvenanceModule } from './provenance/provenance.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { HealthModule } from './health/health.module';
import { AccessModule } from './access/access.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { SeedModule } from './seed/seed.module';
import { TimerModule } from './timer/timer.module';
import { UsersModule } from './users/users.module';
import { VersionsModule } from './versions/versions.module';
import { VotesModule } from './votes/votes.module';
import { PositionsModule } from './positions/positions.module';
import { MinutesModule } from './minutes/minutes.module';
import { AxesModule } from './axes/axes.module';
import { WorkingGroupsModule } from './working-groups/working-groups.module';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { SessionsModule } from './sessions/sessions.module';
import { MilestonesModule } from './milestones/milestones.module';
import { RoadmapModule } from './roadmap/roadmap.module';
import { ExportsModule } from './exports/exports.module';
import { NotificationsModule } from './notifications/notifications.module';
import { InvitationsModule } from './invitations/invitations.module';

/** The REST API: every business rule and every business write of the platform. */
@Module({
  imports: [
    AxesModule,
    WorkingGroupsModule,
    RecommendationsModule,
    SessionsModule,
    MilestonesModule,
    RoadmapModule,
    ExportsModule,
    AuditModule,
    AuthModule,
    AccessModule,
    SeedModule,
    HealthModule,
    OrganizationsModule,
    UsersModule,
    TimerModule,
    VersionsModule,
    VotesModule,
    PositionsModule,
    AmendmentsModule,
    CommentsModule,
    ProvenanceModule,
    MinutesModule,
    NotificationsModule,
    InvitationsModule,
  ],
})
export class ApiModule {}

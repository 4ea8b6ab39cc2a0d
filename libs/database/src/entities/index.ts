import { Organization } from './organization.entity';
import { User } from './user.entity';
import { AuditEvent } from './audit-event.entity';
import { Axis } from './axis.entity';
import { WorkingGroup } from './working-group.entity';
import { GroupMember } from './group-member.entity';
import { Session } from './session.entity';
import { Recommendation } from './recommendation.entity';
import { RecommendationVersion } from './recommendation-version.entity';
import { DraftUpdate } from './draft-update.entity';
import { DraftSnapshot } from './draft-snapshot.entity';
import { Vote } from './vote.entity';
import { VoteOption } from './vote-option.entity';
import { VoteRollEntry } from './vote-roll-entry.entity';
import { VoteParticipation } from './vote-participation.entity';
import { Ballot } from './ballot.entity';
import { VoteReceipt } from './vote-receipt.entity';
import { Position } from './position.entity';
import { Milestone } from './milestone.entity';
import { Amendment } from './amendment.entity';
import { Comment } from './comment.entity';
import { DraftProvenance } from './draft-provenance.entity';
import {
  DeadlineReminder, Invitation, LoginCode, MailDelivery, Notification, NotificationSetting, OidcLoginAttempt, OidcSession, PasswordReset,
} from './identity.entities';

export {
  Organization, User, AuditEvent, Axis, WorkingGroup, GroupMember, Session, Recommendation,
  RecommendationVersion, DraftUpdate, DraftSnapshot, Vote, VoteOption, VoteRollEntry,
  VoteParticipation, Ballot, VoteReceipt, Position, Milestone, Amendment, Comment, DraftProvenance,
  OidcLoginAttempt, LoginCode, OidcSession, Invitation, PasswordReset, Notification, NotificationSetting, DeadlineReminder, MailDelivery,
};
export type { AmendmentAnchors } from './amendment.entity';
export type { AgendaItem } from './session.entity';
export type { VoteMethod, VoteStatus, VoteRules } from './vote.entity';
export type { Stance } from './position.entity';
export type { MilestoneStatus } from './milestone.entity';

export const ENTITIES = [
  Organization, User, AuditEvent, Axis, WorkingGroup, GroupMember, Session, Recommendation,
  RecommendationVersion, DraftUpdate, DraftSnapshot, Vote, VoteOption, VoteRollEntry,
  VoteParticipation, Ballot, VoteReceipt, Position, Milestone, Amendment, Comment, DraftProvenance,
  OidcLoginAttempt, LoginCode, OidcSession, Invitation, PasswordReset, Notification, NotificationSetting, DeadlineReminder, MailDelivery,
];

/**
 * Types of the public contract (/work/shared/API.md). Field names and enum values are fixed by
 * the contract; optional fields are extras the server may add.
 */

export type PlatformRole = 'admin' | 'member';
export type OrganizationKind = 'state' | 'local_authority' | 'association' | 'other';
export type College = 'state' | 'local' | 'civil';
export type GroupRole = 'facilitator' | 'participant' | 'observer';
export type SessionPhase = 'scheduled' | 'open' | 'drafting' | 'voting' | 'closed';
export type Horizon = 'quick_win' | 'structuring';
export type RecommendationStatus = 'draft' | 'under_review' | 'adopted' | 'rejected' | 'withdrawn';
export type WorkingGroupStatus = 'active' | 'archived';
export type VoteMethod = 'approval' | 'majority_judgment' | 'consent';
export type VoteStatus = 'draft' | 'open' | 'closed';
export type VoteScope = 'member' | 'organization';
export type ResultsVisibility = 'live' | 'after_close';
export type ApprovalChoice = 'for' | 'against' | 'abstain';
export type ConsentChoice = 'consent' | 'objection';
export type Grade = 'excellent' | 'very_good' | 'good' | 'fair' | 'passable' | 'insufficient' | 'reject';
export type Stance = 'favorable' | 'favorable_with_reservations' | 'unfavorable' | 'abstention';
export type MilestoneStatus = 'planned' | 'in_progress' | 'done' | 'late';
export type Outcome = 'adopted' | 'rejected' | 'no_quorum';

export interface Page<T> {
  items: T[];
  total: number;
}

/** The error body of every refusal: `message` may be a list of field messages. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
}

export interface Organization {
  id: string;
  name: string;
  kind: OrganizationKind;
  college: College;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  organizationId: string | null;
  role: PlatformRole;
  isRepresentative: boolean;
}

export interface Membership {
  workingGroupId: string;
  role: GroupRole;
  title: string;
  axisId: string;
  status: WorkingGroupStatus;
}

export interface Me extends User {
  organization: Organization | null;
  memberships: Membership[];
}

export interface LoginResponse {
  accessToken: string;
  expiresIn?: number;
  user: User;
}

export interface Axis {
  id: string;
  code: string;
  title: string;
  description: string;
  position: number;
}

export interface WorkingGroup {
  id: string;
  axisId: string;
  title: string;
  mandate: string;
  status: WorkingGroupStatus;
}

export interface GroupMember {
  userId: string;
  role: GroupRole;
  displayName?: string;
  organizationId?: string | null;
  /** Only for admins and the group's facilitators (API.md v2). */
  email?: string;
}

export interface AgendaItem {
  recommendationId: string;
  minutes: number;
}

export interface Session {
  id: string;
  workingGroupId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  phase: SessionPhase;
  agenda: AgendaItem[];
  timerEndsAt?: string | null;
}

export interface Recommendation {
  id: string;
  workingGroupId: string;
  title: string;
  horizon: Horizon;
  status: RecommendationStatus;
  locked: boolean;
  docName: string;
  positionsDeadline: string | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface Version {
  id: string;
  number: number;
  content: string;
  contentHash: string;
  createdAt: string;
  createdBy: string | null;
  recommendationId?: string;
}

export interface DiffChange {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface VoteOption {
  id: string;
  versionId?: string | null;
  label?: string | null;
  /** Extras the server may add to describe a version option. */
  versionNumber?: number;
  recommendationId?: string;
  recommendationTitle?: string;
  contentHash?: string;
}

/** GET /api/votes/:id/participation: am I on the roll, have I voted, how many ballots so far. */
export interface Participation {
  voteId: string;
  status: VoteStatus;
  eligible: number;
  cast: number;
  /** `ballot`: what the user chose, for a public vote only. */
  me: { eligible: boolean; voted: boolean; ballot?: { choice?: string; reason?: string; grades?: Record<string, string> } };
}

/** What every results payload carries besides the tally (GET results, vote:tally, vote:closed). */
export interface ResultsMeta {
  voteId?: string;
  method?: VoteMethod;
  status?: VoteStatus;
  final?: boolean;
}

export interface VoteRules {
  quorum?: number;
  threshold?: number;
  doubleMajority?: boolean;
}

export interface Vote {
  id: string;
  workingGroupId: string;
  sessionId?: string | null;
  title: string;
  method: VoteMethod;
  options: VoteOption[];
  rules: VoteRules;
  scope: VoteScope;
  secret: boolean;
  resultsVisibility: ResultsVisibility;
  status: VoteStatus;
  openedAt?: string | null;
  closedAt?: string | null;
  hasVoted?: boolean;
}

export interface CreateVoteBody {
  workingGroupId: string;
  sessionId?: string;
  title: string;
  method: VoteMethod;
  options: ({ versionId: string } | { label: string })[];
  rules?: VoteRules;
  scope?: VoteScope;
  secret?: boolean;
  resultsVisibility?: ResultsVisibility;
}

export interface CollegeTally {
  eligible?: number;
  cast?: number;
  for?: number;
  against?: number;
  abstain?: number;
  passed?: boolean;
}

export interface ApprovalResults {
  eligible: number;
  cast: number;
  for: number;
  against: number;
  abstain: number;
  byCollege?: Partial<Record<College, CollegeTally>>;
  outcome?: Outcome;
}

export interface MajorityJudgmentOptionResult {
  optionId: string;
  distribution: Partial<Record<Grade, number>>;
  majorityGrade: Grade | null;
  rank: number;
}

export interface MajorityJudgmentResults {
  eligible?: number;
  cast?: number;
  options: MajorityJudgmentOptionResult[];
}

export interface ConsentResults {
  eligible: number;
  cast: number;
  consent: number;
  objection: number;
  objections: { reason: string; voterName?: string }[];
  outcome?: Outcome;
}

export type VoteResults = (ApprovalResults | MajorityJudgmentResults | ConsentResults) & ResultsMeta;

export type BallotBody = { choice: ApprovalChoice } | { choice: ConsentChoice; reason?: string } | { grades: Record<string, Grade> };

export interface Position {
  id: string;
  recommendationId: string;
  versionId: string;
  organizationId: string;
  stance: Stance;
  motivation: string | null;
  submittedAt: string;
  supersedesId: string | null;
  hash: string;
  organizationName?: string;
  versionNumber?: number;
}

export interface Milestone {
  id: string;
  recommendationId?: string;
  title: string;
  dueDate: string;
  ownerOrganizationId: string | null;
  status: MilestoneStatus;
  progress: number;
}

export interface RoadmapRecommendation {
  id: string;
  title: string;
  horizon: Horizon;
  status: RecommendationStatus;
  workingGroupId?: string;
  milestones: Milestone[];
}

export interface RoadmapAxis {
  id: string;
  code: string;
  title: string;
  recommendations: RoadmapRecommendation[];
}

export interface AuditEvent {
  id: string;
  type?: string;
  action?: string;
  createdAt?: string;
  at?: string;
  [key: string]: unknown;
}

/** GET /api/auth/providers */
export interface AuthProviders {
  password: boolean;
  oidc: { label: string; loginUrl: string } | null;
}

export type NotificationKind = 'invited' | 'vote_opened' | 'positions_deadline' | 'amendment_decided' | 'minutes_published' | 'version_frozen';

export interface AppNotification {
  id: string;
  kind: NotificationKind;
  title: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationSettings {
  email: Record<NotificationKind, boolean>;
}

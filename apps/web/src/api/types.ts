/**
 * Types of the public contract (/work/shared/API.md), generated from the server's OpenAPI
 * document: `npm run openapi` (run by `npm run typecheck`) writes ./schema.d.ts from the
 * response classes of apps/api, so a field renamed on the server fails the web app's type-check.
 * The names below are the ones the pages import. What the document does not describe precisely
 * (polymorphic vote results, ballots, request bodies built by the pages) stays written by hand.
 */
import type { components } from './schema';

type S = components['schemas'];

export type PlatformRole = S['PlatformRole'];
export type OrganizationKind = S['OrganizationKind'];
export type College = S['College'];
export type GroupRole = S['GroupRole'];
export type SessionPhase = S['SessionPhase'];
export type Horizon = S['Horizon'];
export type RecommendationStatus = S['RecommendationStatus'];
export type WorkingGroupStatus = S['WorkingGroupStatus'];
export type VoteMethod = S['VoteMethod'];
export type VoteStatus = S['VoteStatus'];
export type VoteScope = S['VoteScope'];
export type ResultsVisibility = S['ResultsVisibility'];
export type ApprovalChoice = 'for' | 'against' | 'abstain';
export type ConsentChoice = 'consent' | 'objection';
export type Grade = 'excellent' | 'very_good' | 'good' | 'fair' | 'passable' | 'insufficient' | 'reject';
export type Stance = S['Stance'];
export type MilestoneStatus = S['MilestoneStatus'];
export type Outcome = 'adopted' | 'rejected' | 'no_quorum';
export type NotificationKind = S['NotificationKind'];

export interface Page<T> {
  items: T[];
  total: number;
}

/** The error body of every refusal: `message` may be a list of field messages. */
export type ApiErrorBody = S['ApiErrorResponse'];

export type Organization = S['OrganizationResponse'];
/** `email` only for admins, facilitators of a group of the user, and the user themself (API.md v2). */
export type User = S['UserResponse'];
export type Membership = S['MembershipResponse'];
export type Me = S['MeResponse'];
export type LoginResponse = S['LoginResponse'];
export type Axis = S['AxisResponse'];
export type WorkingGroup = S['WorkingGroupResponse'];
/** `email` only for admins and the group's facilitators (API.md v2). */
export type GroupMember = S['GroupMemberResponse'];
export type AgendaItem = S['AgendaItemResponse'];
export type Session = S['SessionResponse'];
export type Recommendation = S['RecommendationResponse'];
export type Version = S['VersionResponse'];
export type DiffChange = S['DiffChangeResponse'];
export type Position = S['PositionResponse'];
export type Milestone = S['MilestoneResponse'];
export type RoadmapRecommendation = S['RoadmapRecommendationResponse'];
export type RoadmapAxis = S['RoadmapAxisResponse'];
/** GET /api/auth/providers */
export type AuthProviders = S['AuthProvidersResponse'];
export type AppNotification = S['NotificationResponse'];
export type NotificationSettings = S['NotificationSettingsResponse'];

/** A vote option, with the title of its recommendation the web app adds for labels. */
export type VoteOption = S['VoteOptionResponse'] & { recommendationTitle?: string };
export type VoteRules = S['VoteRulesDto'];
export type Vote = Omit<S['VoteResponse'], 'options'> & { options: VoteOption[] };

/** GET /api/votes/:id/participation: am I on the roll, have I voted, how many ballots so far. */
export type Participation = S['ParticipationResponse'];

/** What every results payload carries besides the tally (GET results, vote:tally, vote:closed). */
export interface ResultsMeta {
  voteId?: string;
  method?: VoteMethod;
  status?: VoteStatus;
  final?: boolean;
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
export interface AuditEvent {
  id: string;
  type?: string;
  action?: string;
  createdAt?: string;
  at?: string;
  [key: string]: unknown;
}

import { api, qs } from './client';
import type {
  AppNotification,
  AuthProviders,
  NotificationSettings,
  AgendaItem,
  Axis,
  BallotBody,
  CreateVoteBody,
  GroupMember,
  GroupRole,
  Horizon,
  LoginResponse,
  Me,
  Milestone,
  MilestoneStatus,
  Organization,
  OrganizationKind,
  Page,
  PlatformRole,
  Position,
  Recommendation,
  RecommendationStatus,
  RoadmapAxis,
  Session,
  SessionPhase,
  Stance,
  User,
  Participation,
  Version,
  Vote,
  VoteResults,
  WorkingGroup,
  WorkingGroupStatus,
} from './types';
import type { components } from './schema';

type S = components['schemas'];

/** Every page of a list (the API caps a page at 200). */
export async function all<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await api.get<Page<T> | T[]>(`${path}${qs({ ...params, limit: 200, offset })}`);
    // tolerate a bare array from endpoints that return one
    const batch = Array.isArray(page) ? page : page.items;
    items.push(...batch);
    if (Array.isArray(page) || items.length >= page.total || batch.length === 0) return items;
  }
}

export const auth = {
  login: (email: string, password: string) => api.post<LoginResponse>('/auth/login', { email, password }, { anonymous: true }),
  refresh: () => api.post<LoginResponse>('/auth/refresh'),
  me: () => api.get<Me>('/me'),
  providers: () => api.get<AuthProviders>('/auth/providers', { anonymous: true }),
  /** The one-time code of `#login=` after a ProConnect sign-in. */
  exchange: (code: string) => api.post<LoginResponse>('/auth/exchange', { code }, { anonymous: true }),
  logout: () => api.post<S['LogoutResponse']>('/auth/logout'),
  acceptInvitation: (token: string, password: string) => api.post<LoginResponse>('/invitations/accept', { token, password }, { anonymous: true }),
  requestPasswordReset: (email: string) => api.post<void>('/auth/password-reset', { email }, { anonymous: true }),
  confirmPasswordReset: (token: string, password: string) => api.post<void>('/auth/password-reset/confirm', { token, password }, { anonymous: true }),
};

export const notifications = {
  list: (params: { unread?: boolean; limit?: number; offset?: number } = {}) => api.get<Page<AppNotification>>(`/notifications${qs(params)}`),
  read: (body: { ids: string[] } | { all: true }) => api.post<void>('/notifications/read', body),
  settings: () => api.get<NotificationSettings>('/me/notification-settings'),
  updateSettings: (email: Partial<NotificationSettings['email']>) => api.patch<NotificationSettings>('/me/notification-settings', { email }),
};

export const organizations = {
  list: () => all<Organization>('/organizations'),
  create: (body: { name: string; kind: OrganizationKind }) => api.post<Organization>('/organizations', body),
  update: (id: string, body: Partial<{ name: string; kind: OrganizationKind }>) => api.patch<Organization>(`/organizations/${id}`, body),
};

export interface UserInput {
  email: string;
  displayName: string;
  password?: string;
  organizationId?: string | null;
  role?: PlatformRole;
  isRepresentative?: boolean;
}

export const users = {
  list: () => all<User>('/users'),
  get: (id: string) => api.get<User>(`/users/${id}`),
  create: (body: UserInput) => api.post<User>('/users', body),
  update: (id: string, body: Partial<UserInput>) => api.patch<User>(`/users/${id}`, body),
};

export const axes = {
  list: () => all<Axis>('/axes'),
  get: (id: string) => api.get<Axis>(`/axes/${id}`),
  create: (body: { code: string; title: string; description?: string; position?: number }) => api.post<Axis>('/axes', body),
  update: (id: string, body: Partial<{ code: string; title: string; description: string; position: number }>) => api.patch<Axis>(`/axes/${id}`, body),
};

export const groups = {
  list: (axisId?: string) => all<WorkingGroup>('/working-groups', { axisId }),
  get: (id: string) => api.get<WorkingGroup>(`/working-groups/${id}`),
  create: (body: { axisId: string; title: string; mandate?: string }) => api.post<WorkingGroup>('/working-groups', body),
  update: (id: string, body: Partial<{ axisId: string; title: string; mandate: string; status: WorkingGroupStatus }>) =>
    api.patch<WorkingGroup>(`/working-groups/${id}`, body),
  members: (id: string) => all<GroupMember>(`/working-groups/${id}/members`),
  addMember: (id: string, body: { userId: string; role: GroupRole }) => api.post<GroupMember>(`/working-groups/${id}/members`, body),
  removeMember: (id: string, userId: string) => api.del(`/working-groups/${id}/members/${userId}`),
  sessions: (id: string) => all<Session>(`/working-groups/${id}/sessions`),
  createSession: (id: string, body: { title: string; startsAt: string; endsAt: string; agenda?: AgendaItem[] }) =>
    api.post<Session>(`/working-groups/${id}/sessions`, body),
  recommendations: (id: string) => all<Recommendation>(`/working-groups/${id}/recommendations`),
  createRecommendation: (id: string, body: { title: string; horizon: Horizon }) => api.post<Recommendation>(`/working-groups/${id}/recommendations`, body),
};

export const sessions = {
  get: (id: string) => api.get<Session>(`/sessions/${id}`),
  update: (id: string, body: Partial<{ title: string; startsAt: string; endsAt: string; phase: SessionPhase; agenda: AgendaItem[] }>) =>
    api.patch<Session>(`/sessions/${id}`, body),
  votes: (id: string) => all<Vote>(`/sessions/${id}/votes`),
};

export const recommendations = {
  get: (id: string) => api.get<Recommendation>(`/recommendations/${id}`),
  update: (id: string, body: Partial<{ title: string; status: RecommendationStatus; locked: boolean; positionsDeadline: string | null; horizon: Horizon }>) =>
    api.patch<Recommendation>(`/recommendations/${id}`, body),
  versions: (id: string) => all<Version>(`/recommendations/${id}/versions`),
  version: (id: string, n: number) => api.get<Version>(`/recommendations/${id}/versions/${n}`),
  freeze: (id: string) => api.post<Version>(`/recommendations/${id}/versions`, {}),
  diff: (id: string, a: number, b: number) => api.get<S['VersionDiffResponse']>(`/recommendations/${id}/versions/${a}/diff/${b}`),
  positions: (id: string) => all<Position>(`/recommendations/${id}/positions`),
  positionsHistory: (id: string) => all<Position>(`/recommendations/${id}/positions/history`),
  submitPosition: (id: string, body: { versionId: string; stance: Stance; motivation?: string }) => api.post<Position>(`/recommendations/${id}/positions`, body),
  milestones: (id: string) => all<Milestone>(`/recommendations/${id}/milestones`),
  createMilestone: (id: string, body: { title: string; dueDate: string; ownerOrganizationId?: string; status?: MilestoneStatus; progress?: number }) =>
    api.post<Milestone>(`/recommendations/${id}/milestones`, body),
};

export const milestones = {
  update: (id: string, body: Partial<{ title: string; dueDate: string; status: MilestoneStatus; progress: number }>) => api.patch<Milestone>(`/milestones/${id}`, body),
};

export const votes = {
  ofGroup: (workingGroupId: string) => all<Vote>(`/working-groups/${workingGroupId}/votes`),
  get: (id: string) => api.get<Vote>(`/votes/${id}`),
  create: (body: CreateVoteBody) => api.post<Vote>('/votes', body),
  open: (id: string) => api.post<Vote>(`/votes/${id}/open`, {}),
  close: (id: string) => api.post<Vote>(`/votes/${id}/close`, {}),
  ballot: (id: string, body: BallotBody) => api.post<S['BallotReceiptResponse']>(`/votes/${id}/ballots`, body),
  results: (id: string) => api.get<VoteResults>(`/votes/${id}/results`),
  participation: (id: string) => api.get<Participation>(`/votes/${id}/participation`),
  ballots: (id: string) => all<{ userId?: string; displayName?: string; choice?: string; grades?: Record<string, string> }>(`/votes/${id}/ballots`),
  receipt: (id: string, receipt: string) => api.get<S['ReceiptCheckResponse']>(`/votes/${id}/receipts/${encodeURIComponent(receipt)}`),
};

/** The roadmap's axes (`GET /roadmap` answers `{axes, total}`). */
export async function roadmap(): Promise<RoadmapAxis[]> {
  return (await api.get<S['RoadmapResponse']>('/roadmap')).axes;
}

/** The vote's version options with the title of their recommendation (for labels). */
export async function withRecommendationTitles(v: Vote): Promise<Vote> {
  const ids = [...new Set(v.options.map((o) => o.recommendationId).filter((x): x is string => !!x))];
  if (!ids.length) return v;
  const recs = await Promise.all(ids.map((rid) => recommendations.get(rid).catch(() => null)));
  const title = new Map(recs.filter((r): r is Recommendation => !!r).map((r) => [r.id, r.title]));
  return { ...v, options: v.options.map((o) => ({ ...o, recommendationTitle: o.recommendationTitle ?? (o.recommendationId ? title.get(o.recommendationId) : undefined) })) };
}

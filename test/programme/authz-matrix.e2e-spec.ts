import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { demoGroupId, newUser } from './helpers';

/**
 * Who may call which route of the programme API, in one table. Each row tries its route as
 * every role and compares the whole map of status codes, so a failure shows every difference.
 * To cover a new route, add a row: `path` and `body` are functions of the fixture and are
 * called once per role, so that a destructive route gets a fresh target each time.
 *
 * Roles: a platform admin (not a member of the group), the group's facilitator, participant and
 * observer (demo accounts), `outsider` = the facilitator of ANOTHER group, `anonymous` = no token.
 */
type Role = 'admin' | 'facilitator' | 'participant' | 'observer' | 'outsider' | 'anonymous';
const ROLES: Role[] = ['admin', 'facilitator', 'participant', 'observer', 'outsider', 'anonymous'];
type Expect = Record<Role, number>;

interface Fixture {
  p: TestPlatform;
  tokens: Record<Exclude<Role, 'anonymous'>, string>;
  groupId: string;
  axisId: string;
  recommendationId: string;
  sessionId: string;
  milestoneId: string;
  organizationId: string;
  /** A unique suffix per call. */
  unique(): string;
  /** A new user that is not a member of the group. */
  freshUser(): Promise<string>;
}

interface Row {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  route: string; // documentation of the row
  path: (f: Fixture) => string | Promise<string>;
  body?: (f: Fixture) => unknown | Promise<unknown>;
  expect: Expect;
}

const all = (code: number): Expect => ({ admin: code, facilitator: code, participant: code, observer: code, outsider: code, anonymous: code });
const signedIn = (code: number): Expect => ({ ...all(code), anonymous: 401 });
const adminOnly = (code: number): Expect => ({ ...signedIn(403), admin: code });
/** Members of the group (any role) and admins read; others 403. */
const members = (code: number): Expect => ({ ...signedIn(code), outsider: 403 });
/** Facilitators of the group and admins. */
const facilitators = (code: number): Expect => ({ ...signedIn(403), admin: code, facilitator: code });
/** Participants, facilitators and admins. */
const contributors = (code: number): Expect => ({ ...facilitators(code), participant: code });

const session = { startsAt: '2031-01-10T09:00:00Z', endsAt: '2031-01-10T12:00:00Z' };

const ROWS: Row[] = [
  // axes: admin writes, every signed-in user reads
  { method: 'GET', route: '/api/axes', path: () => '/api/axes', expect: signedIn(200) },
  { method: 'POST', route: '/api/axes', path: () => '/api/axes', body: (f) => ({ code: `M-${f.unique()}`, title: 'Axe' }), expect: adminOnly(201) },
  { method: 'GET', route: '/api/axes/:id', path: (f) => `/api/axes/${f.axisId}`, expect: signedIn(200) },
  { method: 'PATCH', route: '/api/axes/:id', path: (f) => `/api/axes/${f.axisId}`, body: () => ({ position: 1 }), expect: adminOnly(200) },

  // working groups: admin writes, every signed-in user reads the list and a group
  { method: 'POST', route: '/api/working-groups', path: () => '/api/working-groups', body: (f) => ({ axisId: f.axisId, title: `G ${f.unique()}` }), expect: adminOnly(201) },
  { method: 'GET', route: '/api/working-groups', path: (f) => `/api/working-groups?axisId=${f.axisId}`, expect: signedIn(200) },
  { method: 'GET', route: '/api/working-groups/:id', path: (f) => `/api/working-groups/${f.groupId}`, expect: signedIn(200) },
  { method: 'PATCH', route: '/api/working-groups/:id', path: (f) => `/api/working-groups/${f.groupId}`, body: () => ({ status: 'active' }), expect: adminOnly(200) },

  // members: every member of the group reads the list (API.md v2); admins and the group's facilitators write
  { method: 'GET', route: '/api/working-groups/:id/members', path: (f) => `/api/working-groups/${f.groupId}/members`, expect: members(200) },
  {
    method: 'POST',
    route: '/api/working-groups/:id/members',
    path: (f) => `/api/working-groups/${f.groupId}/members`,
    body: async (f) => ({ userId: await f.freshUser(), role: 'participant' }),
    expect: facilitators(201),
  },
  {
    method: 'DELETE',
    route: '/api/working-groups/:id/members/:userId',
    path: async (f) => {
      const userId = await f.freshUser();
      const res = await f.p.request('POST', `/api/working-groups/${f.groupId}/members`, { token: f.tokens.admin, body: { userId, role: 'observer' } });
      if (res.status !== 201) throw new Error(`fixture: ${res.status}`);
      return `/api/working-groups/${f.groupId}/members/${userId}`;
    },
    expect: facilitators(204),
  },

  // sessions: facilitators prepare and run, members read
  { method: 'POST', route: '/api/working-groups/:id/sessions', path: (f) => `/api/working-groups/${f.groupId}/sessions`, body: () => ({ title: 'Séance', ...session }), expect: facilitators(201) },
  { method: 'GET', route: '/api/working-groups/:id/sessions', path: (f) => `/api/working-groups/${f.groupId}/sessions`, expect: members(200) },
  { method: 'GET', route: '/api/sessions/:id', path: (f) => `/api/sessions/${f.sessionId}`, expect: members(200) },
  { method: 'PATCH', route: '/api/sessions/:id', path: (f) => `/api/sessions/${f.sessionId}`, body: (f) => ({ title: `Séance ${f.unique()}` }), expect: facilitators(200) },

  // recommendations: participants and facilitators create, members read, facilitators decide
  {
    method: 'POST',
    route: '/api/working-groups/:id/recommendations',
    path: (f) => `/api/working-groups/${f.groupId}/recommendations`,
    body: () => ({ title: 'Proposition', horizon: 'quick_win' }),
    expect: contributors(201),
  },
  { method: 'GET', route: '/api/working-groups/:id/recommendations', path: (f) => `/api/working-groups/${f.groupId}/recommendations`, expect: members(200) },
  { method: 'GET', route: '/api/recommendations/:id', path: (f) => `/api/recommendations/${f.recommendationId}`, expect: members(200) },
  {
    method: 'PATCH',
    route: '/api/recommendations/:id {title} (a draft)',
    path: (f) => `/api/recommendations/${f.recommendationId}`,
    body: (f) => ({ title: `Titre ${f.unique()}` }),
    expect: contributors(200),
  },
  {
    method: 'PATCH',
    route: '/api/recommendations/:id {locked, horizon, positionsDeadline}',
    path: (f) => `/api/recommendations/${f.recommendationId}`,
    body: () => ({ locked: false, horizon: 'structuring', positionsDeadline: '2031-12-31T23:00:00Z' }),
    expect: facilitators(200),
  },

  // milestones: facilitators write, members read
  {
    method: 'POST',
    route: '/api/recommendations/:id/milestones',
    path: (f) => `/api/recommendations/${f.recommendationId}/milestones`,
    body: (f) => ({ title: 'Jalon', dueDate: '2031-06-30', ownerOrganizationId: f.organizationId }),
    expect: facilitators(201),
  },
  { method: 'GET', route: '/api/recommendations/:id/milestones', path: (f) => `/api/recommendations/${f.recommendationId}/milestones`, expect: members(200) },
  { method: 'PATCH', route: '/api/milestones/:id', path: (f) => `/api/milestones/${f.milestoneId}`, body: () => ({ progress: 40 }), expect: facilitators(200) },
  {
    method: 'DELETE',
    route: '/api/milestones/:id',
    path: async (f) => {
      const res = await f.p.request('POST', `/api/recommendations/${f.recommendationId}/milestones`, { token: f.tokens.facilitator, body: { title: 'À supprimer', dueDate: '2031-01-01' } });
      if (res.status !== 201) throw new Error(`fixture: ${res.status}`);
      return `/api/milestones/${res.body.id}`;
    },
    expect: facilitators(204),
  },

  // roadmap: every signed-in user; open data and the bare route: everyone, no token needed
  { method: 'GET', route: '/api/roadmap', path: () => '/api/roadmap', expect: signedIn(200) },
  { method: 'GET', route: '/api/exports/recommendations', path: () => '/api/exports/recommendations?format=csv', expect: all(200) },
  { method: 'GET', route: '/api/exports/votes', path: () => '/api/exports/votes?format=json', expect: all(200) },
  { method: 'GET', route: '/api/exports/positions', path: () => '/api/exports/positions', expect: all(200) },
  { method: 'GET', route: '/api/health/ping', path: () => '/api/health/ping', expect: all(200) },
];

describe('programme API authorisation matrix', () => {
  let f: Fixture;

  beforeAll(async () => {
    const p = await startTestPlatform();
    const [admin, facilitator, participant, observer] = await Promise.all([p.login(DEMO.admin), p.login(DEMO.facilitator), p.login(DEMO.region), p.login(DEMO.observer)]);
    const groupId = await demoGroupId(p, 'AXE-1');
    const axisId = (await p.request('GET', `/api/working-groups/${groupId}`, { token: admin })).body.axisId;
    // the outsider facilitates another group of the same axis
    const outsider = await newUser(p, admin, 'outsider');
    const other = await p.request('POST', '/api/working-groups', { token: admin, body: { axisId, title: 'Autre atelier' } });
    await p.request('POST', `/api/working-groups/${other.body.id}/members`, { token: admin, body: { userId: outsider.id, role: 'facilitator' } });
    const rec = await p.request('POST', `/api/working-groups/${groupId}/recommendations`, { token: facilitator, body: { title: 'Cible', horizon: 'quick_win' } });
    const ses = await p.request('POST', `/api/working-groups/${groupId}/sessions`, { token: facilitator, body: { title: 'Cible', ...session } });
    const organizationId = (await p.request('GET', '/api/organizations', { token: admin })).body.items[0].id;
    const mil = await p.request('POST', `/api/recommendations/${rec.body.id}/milestones`, { token: facilitator, body: { title: 'Cible', dueDate: '2031-01-01' } });
    let n = 0;
    f = {
      p,
      tokens: { admin, facilitator, participant, observer, outsider: outsider.token },
      groupId,
      axisId,
      recommendationId: rec.body.id,
      sessionId: ses.body.id,
      milestoneId: mil.body.id,
      organizationId,
      unique: () => `${Date.now().toString(36)}${n++}`,
      freshUser: async () => (await newUser(p, admin, 'fresh')).id,
    };
  });
  afterAll(() => f?.p.close());

  it.each(ROWS.map((row) => [`${row.method} ${row.route}`, row] as const))('%s', async (_name, row) => {
    const got = {} as Expect;
    for (const role of ROLES) {
      const path = await row.path(f);
      const body = row.body ? await row.body(f) : undefined;
      const token = role === 'anonymous' ? undefined : f.tokens[role];
      got[role] = (await f.p.request(row.method, path, { token, body })).status;
    }
    expect(got).toEqual(row.expect);
  });
});

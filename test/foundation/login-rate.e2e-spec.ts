import { Client } from 'pg';
import * as argon2 from 'argon2';
import { DEMO, DEMO_PASSWORD, startTestPlatform, TestPlatform } from '../support/platform';

/**
 * The sign-in rate limit counts failed attempts only (API.md v2): one address (a ministry's
 * proxy) may sign in hundreds of people, and guessing is still cut off per account and per
 * address. The limits are set low here (5 failures per account, 20 per address) so that 500
 * successes are 25 times the per-address limit.
 */
describe('sign-in rate limit: failures count, successes never', () => {
  const PER_ACCOUNT = 5;
  const PER_IP = 20;
  const PASSWORD = 'Agent-password-2026';
  let p: TestPlatform;
  const agents: string[] = [];

  beforeAll(async () => {
    p = await startTestPlatform({ loginMaxPerAccount: PER_ACCOUNT, loginMaxPerIp: PER_IP, loginWindowSeconds: 900 });
    // 25 agents of one ministry. They get a cheap argon2id hash (a hash carries its own
    // parameters and the server verifies any): the test measures the limiter, not 500 × 46 MiB of
    // hashing on a shared machine.
    const cheap = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const sql = new Client({ connectionString: p.db.url });
    await sql.connect();
    try {
      const created = await sql.query(
        `INSERT INTO "user" (email, display_name, password_hash) SELECT 'agent' || i || '@ministere.gouv.fr', 'Agent ' || i, $1 FROM generate_series(0, 24) AS i RETURNING email`,
        [cheap],
      );
      expect(created.rowCount).toBe(25);
    } finally {
      await sql.end();
    }
    for (let i = 0; i < 25; i++) agents.push(`agent${i}@ministere.gouv.fr`);
    // they are real accounts: the admin sees them through the API
    const admin = await p.login(DEMO.admin);
    const listed = (await p.request('GET', '/api/users?limit=200', { token: admin })).body.items.map((u: any) => u.email);
    expect(listed).toEqual(expect.arrayContaining(agents));
  }, 180_000);
  afterAll(() => p?.close());

  /** The crowd signs in; the other agents are kept for the failure tests. */
  const crowd = Array.from({ length: 20 }, (_, i) => `agent${i}@ministere.gouv.fr`);
  const signIn = (email: string, password: string) => p.request('POST', '/api/auth/login', { body: { email, password } });

  it('lets 500 successful sign-ins from one address through, in one rate-limit window', async () => {
    // The window is the default 15 minutes: the 500 sign-ins fall in one window whatever the
    // machine's speed (a minute when quiet is a few seconds here).
    const statuses: number[] = [];
    let next = 0;
    // 10 at a time, as people arriving together behind one proxy
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < 500) {
          const i = next++;
          statuses.push((await signIn(crowd[i % crowd.length], PASSWORD)).status);
        }
      }),
    );
    expect(statuses).toHaveLength(500);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  }, 300_000); // 500 requests on a machine that may be very busy

  it('answers 429 once an account has had too many failures, even with the right password', async () => {
    const target = agents[20];
    const codes: number[] = [];
    for (let i = 0; i < PER_ACCOUNT + 2; i++) codes.push((await signIn(target, 'wrong-password')).status);
    expect(codes).toEqual([...Array(PER_ACCOUNT).fill(401), 429, 429]);
    expect((await signIn(target, PASSWORD)).status).toBe(429);
    // another account from the same address is not blocked by that account's failures
    expect((await signIn(agents[21], PASSWORD)).status).toBe(200);
  });

  it('answers 429 to everyone from an address that made too many failed attempts', async () => {
    // PER_ACCOUNT + 2 failures above, of which PER_ACCOUNT counted (the 429s were refused
    // before any check and count nothing); the address's remaining failures on unknown accounts:
    const before = PER_ACCOUNT;
    const codes: number[] = [];
    for (let i = before; i < PER_IP; i++) codes.push((await signIn(`inconnu${i}@nulle.part`, 'wrong-password')).status);
    expect(codes.every((c) => c === 401)).toBe(true);
    expect((await signIn(`inconnu-encore@nulle.part`, 'wrong-password')).status).toBe(429);
    expect((await signIn(agents[22], PASSWORD)).status).toBe(429);
    expect((await signIn(DEMO.facilitator, DEMO_PASSWORD)).status).toBe(429);
  }, 180_000); // each unknown e-mail costs one full argon2id verification
});

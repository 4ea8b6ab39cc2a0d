import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../support/database';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { TestSmtp } from './smtp';
import { mailQueueDrained } from './wait';

/** The e-mail queue's promises: accepted = committed = sent once, across a restart and with several nodes. */
describe('e-mail delivery: durable queue on PostgreSQL (pg-boss)', () => {
  let smtp: TestSmtp;
  let db: TestDatabase;
  const nodes: TestPlatform[] = [];

  beforeAll(async () => {
    smtp = await new TestSmtp().start();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const n of nodes) await n.close().catch(() => undefined);
    await smtp?.close();
    await db?.drop();
  });

  const invite = async (p: TestPlatform, token: string, email: string) => {
    const orgs = await p.request('GET', '/api/organizations', { token });
    const res = await p.request('POST', '/api/invitations', { token, body: { email, displayName: 'Invitée', organizationId: orgs.body.items[0].id } });
    expect(res.status).toBe(201);
  };

  it('an invitation accepted (201) while no node sends is delivered exactly once after a restart', async () => {
    // node 1 accepts e-mails but runs no sender, then stops: the job is only in the database
    const first = await startTestPlatform({ smtpUrl: smtp.url, mailWorker: false }, { databaseUrl: db.url });
    nodes.push(first);
    await invite(first, await first.login(DEMO.admin), 'apres.redemarrage@collectivite.test');
    const [{ n }] = await first.app.get(DataSource).query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email' AND state = 'created'`);
    expect(n).toBe(1);
    await first.close();
    nodes.splice(nodes.indexOf(first), 1);
    expect(smtp.mails).toHaveLength(0);

    // the platform starts again (a new process would do the same): the e-mail goes out, once
    const second = await startTestPlatform({ smtpUrl: smtp.url }, { databaseUrl: db.url });
    nodes.push(second);
    await smtp.waitFor((m) => m.to.includes('apres.redemarrage@collectivite.test'));
    await mailQueueDrained(second.app.get(DataSource));
    expect(smtp.to('apres.redemarrage@collectivite.test')).toHaveLength(1);
  });

  it('two nodes sending from one queue: each of 12 e-mails is sent by one of them, once', async () => {
    const a = nodes[0];
    const b = await startTestPlatform({ smtpUrl: smtp.url }, { databaseUrl: db.url });
    nodes.push(b);
    const tokens = [await a.login(DEMO.admin), await b.login(DEMO.admin)];
    const emails = Array.from({ length: 12 }, (_, i) => `multi${i}@collectivite.test`);
    await Promise.all(emails.map((e, i) => invite(nodes[i % 2], tokens[i % 2], e)));
    await smtp.waitFor((m) => m.to.some((to) => to.startsWith('multi')), 12);
    await mailQueueDrained(a.app.get(DataSource));
    for (const e of emails) expect(smtp.to(e)).toHaveLength(1);
    const delivered = await a.app.get(DataSource).query(`SELECT count(*)::int AS n FROM mail_delivery`);
    expect(delivered[0].n).toBe(13);
  });

  it('a failed send is retried with backoff and then sent once', async () => {
    const a = nodes[0];
    const ds = a.app.get(DataSource);
    // the SMTP server refuses the first try (451, temporary): the job goes to retry
    smtp.refuseOnce('retry@collectivite.test');
    await invite(a, await a.login(DEMO.admin), 'retry@collectivite.test');
    await smtp.waitFor((m) => m.to.includes('retry@collectivite.test'));
    expect(smtp.attempts.filter((x) => x === 'retry@collectivite.test')).toHaveLength(2);
    await mailQueueDrained(ds);
    expect(smtp.to('retry@collectivite.test')).toHaveLength(1);
    const [job] = await ds.query(`SELECT retry_count AS "retryCount", state FROM pgboss.job WHERE name = 'email' AND data->>'to' = 'retry@collectivite.test'`);
    expect(job).toMatchObject({ retryCount: 1, state: 'completed' });
  });
});

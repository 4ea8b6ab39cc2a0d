import { DataSource } from 'typeorm';
import { NotificationsService } from '../../apps/api/src/notifications/notifications.service';
import { createVote, demoGroup, freeze, openVote, recommendationsOf, userId } from '../decisions/helpers';
import { DEMO, DEMO_PASSWORD, startTestPlatform, TestPlatform } from '../support/platform';
import { linkIn, TestSmtp } from './smtp';
import { mailQueueDrained } from './wait';

describe('invitations, password reset and notifications by e-mail (real SMTP server)', () => {
  let smtp: TestSmtp;
  let p: TestPlatform;
  let ds: DataSource;
  const t: Record<string, string> = {};
  let group: string;
  let orgId: string;

  beforeAll(async () => {
    smtp = await new TestSmtp().start();
    p = await startTestPlatform({ smtpUrl: smtp.url, mailFrom: 'Concertation <test@concertation.test>' });
    ds = p.app.get(DataSource);
    for (const k of ['admin', 'facilitator', 'region', 'amf', 'state'] as const) t[k] = await p.login(DEMO[k]);
    group = await demoGroup(p, t.facilitator);
    orgId = (await p.request('GET', '/api/me', { token: t.region })).body.organizationId;
  });
  afterAll(async () => {
    await p?.close();
    await smtp?.close();
  });

  describe('invitations', () => {
    it('an admin invites: 201, one e-mail with a single-use link, accepting creates the account and the membership', async () => {
      const email = 'nouvelle.agente@collectivite.test';
      const res = await p.request('POST', '/api/invitations', { token: t.admin, body: { email: 'Nouvelle.Agente@collectivite.test', displayName: 'Nina Agente', organizationId: orgId, workingGroupId: group, role: 'participant' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ email, status: 'pending' });
      const days = (Date.parse(res.body.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThanOrEqual(7);
      const [mail] = await smtp.waitFor((m) => m.to.includes(email));
      expect(mail.subject).toBe('Invitation à la plateforme de concertation');
      expect(mail.raw).toMatch(/Content-Type: text\/plain/i);
      expect(mail.raw).toMatch(/Content-Type: text\/html/i);
      const link = linkIn(mail, `${p.url}/invitation/`);
      const token = link.split('/').pop()!;
      expect(token.length).toBeGreaterThanOrEqual(32);
      // only the hash is stored
      const stored = await ds.query(`SELECT token_hash FROM invitation WHERE id = $1`, [res.body.id]);
      expect(stored[0].token_hash).not.toContain(token);

      const accepted = await p.request('POST', '/api/invitations/accept', { body: { token, password: 'Mot-de-passe-solide-1' } });
      expect(accepted.status).toBe(200);
      expect(accepted.body.user).toMatchObject({ email, displayName: 'Nina Agente', organizationId: orgId });
      const me = await p.request('GET', '/api/me', { token: accepted.body.accessToken });
      expect(me.body.memberships.map((m: any) => [m.workingGroupId, m.role])).toEqual([[group, 'participant']]);
      expect((await p.request('POST', '/api/auth/login', { body: { email, password: 'Mot-de-passe-solide-1' } })).status).toBe(200);

      const again = await p.request('POST', '/api/invitations/accept', { body: { token, password: 'Mot-de-passe-solide-2' } });
      expect(again.status).toBe(410);
      const list = await p.request('GET', '/api/invitations', { token: t.admin });
      expect(list.body.items.find((i: any) => i.id === res.body.id)).toMatchObject({ status: 'accepted' });
      await mailQueueDrained(ds);
      expect(smtp.to(email)).toHaveLength(1);
    });

    it('an expired link is 410 and changes nothing', async () => {
      const email = 'expire@collectivite.test';
      const res = await p.request('POST', '/api/invitations', { token: t.admin, body: { email, displayName: 'Ex Piré', organizationId: orgId } });
      expect(res.status).toBe(201);
      const token = linkIn((await smtp.waitFor((m) => m.to.includes(email)))[0], `${p.url}/invitation/`).split('/').pop()!;
      await ds.query(`UPDATE invitation SET expires_at = now() - interval '1 second' WHERE id = $1`, [res.body.id]);
      expect((await p.request('POST', '/api/invitations/accept', { body: { token, password: 'Mot-de-passe-solide-1' } })).status).toBe(410);
      expect(await ds.query(`SELECT 1 FROM "user" WHERE email = $1`, [email])).toHaveLength(0);
      expect((await p.request('POST', '/api/invitations/accept', { body: { token: 'x'.repeat(43), password: 'Mot-de-passe-solide-1' } })).status).toBe(410);
    });

    it('a facilitator invites into their own group only; others are refused; bad input is 400', async () => {
      const ok = await p.request('POST', '/api/invitations', { token: t.facilitator, body: { email: 'invite.anim@collectivite.test', displayName: 'Invité', organizationId: orgId, workingGroupId: group, role: 'observer' } });
      expect(ok.status).toBe(201);
      expect((await p.request('POST', '/api/invitations', { token: t.facilitator, body: { email: 'x@y.test', displayName: 'X', organizationId: orgId } })).status).toBe(403);
      expect((await p.request('POST', '/api/invitations', { token: t.region, body: { email: 'x@y.test', displayName: 'X', organizationId: orgId, workingGroupId: group } })).status).toBe(403);
      expect((await p.request('POST', '/api/invitations', { token: t.admin, body: { email: 'pas-un-email', displayName: 'X', organizationId: orgId } })).status).toBe(400);
      expect((await p.request('POST', '/api/invitations', { token: t.admin, body: { email: 'x@y.test', displayName: 'X', organizationId: orgId, extra: 1 } })).status).toBe(400);
      expect((await p.request('POST', '/api/invitations', { token: t.admin, body: { email: 'x@y.test', displayName: 'X', organizationId: orgId, role: 'participant' } })).status).toBe(400);
      expect((await p.request('POST', '/api/invitations', { token: t.admin, body: { email: 'x@y.test', displayName: 'X', organizationId: '00000000-0000-4000-8000-000000000000' } })).status).toBe(400);
      expect(await ds.query(`SELECT 1 FROM invitation WHERE email = 'x@y.test'`)).toHaveLength(0);
      const mine = await p.request('GET', '/api/invitations', { token: t.facilitator });
      expect(mine.status).toBe(200);
      expect(mine.body.items.every((i: any) => i.workingGroupId === group)).toBe(true);
      expect((await p.request('GET', '/api/invitations', { token: t.region })).body.total).toBe(0);
    });

    it('inviting a known e-mail attaches the account and notifies it in the application', async () => {
      const res = await p.request('POST', '/api/invitations', { token: t.admin, body: { email: DEMO.state, displayName: 'Paul Durand', organizationId: orgId } });
      expect(res.status).toBe(201);
      const notes = await p.request('GET', '/api/notifications?unread=true', { token: t.state });
      expect(notes.body.items.some((n: any) => n.kind === 'invited')).toBe(true);
      const [mail] = await smtp.waitFor((m) => m.to.includes(DEMO.state) && m.subject.startsWith('Invitation'));
      const token = linkIn(mail, `${p.url}/invitation/`).split('/').pop()!;
      const accepted = await p.request('POST', '/api/invitations/accept', { body: { token, password: 'autre-mot-de-passe' } });
      expect(accepted.status).toBe(200);
      expect(accepted.body.user.email).toBe(DEMO.state);
      // an existing account keeps its password
      expect((await p.request('POST', '/api/auth/login', { body: { email: DEMO.state, password: DEMO_PASSWORD } })).status).toBe(200);
    });
  });

  describe('password reset', () => {
    it('202 for any e-mail; one e-mail with a single-use link for a known one; the new password works', async () => {
      const unknown = await p.request('POST', '/api/auth/password-reset', { body: { email: 'personne@nulle.part' } });
      const known = await p.request('POST', '/api/auth/password-reset', { body: { email: DEMO.region } });
      expect(unknown.status).toBe(202);
      expect(known.status).toBe(202);
      expect(known.body).toEqual(unknown.body);
      const [mail] = await smtp.waitFor((m) => m.to.includes(DEMO.region) && m.subject === 'Réinitialisation de votre mot de passe');
      const token = linkIn(mail, `${p.url}/mot-de-passe/nouveau/`).split('/').pop()!;
      expect((await p.request('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'court' } })).status).toBe(400);
      expect((await p.request('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'Nouveau-mot-de-passe-1' } })).status).toBe(204);
      expect((await p.request('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'Encore-un-autre-2' } })).status).toBe(410);
      expect((await p.request('POST', '/api/auth/login', { body: { email: DEMO.region, password: DEMO_PASSWORD } })).status).toBe(401);
      expect((await p.request('POST', '/api/auth/login', { body: { email: DEMO.region, password: 'Nouveau-mot-de-passe-1' } })).status).toBe(200);
      await mailQueueDrained(ds);
      expect(smtp.to('personne@nulle.part')).toHaveLength(0);
      expect(smtp.to(DEMO.region).filter((m) => m.subject.startsWith('Réinitialisation'))).toHaveLength(1);
    });

    it('an expired link is 410', async () => {
      await p.request('POST', '/api/auth/password-reset', { body: { email: DEMO.expert } });
      const [mail] = await smtp.waitFor((m) => m.to.includes(DEMO.expert));
      const token = linkIn(mail, `${p.url}/mot-de-passe/nouveau/`).split('/').pop()!;
      await ds.query(`UPDATE password_reset SET expires_at = now() - interval '1 second'`);
      expect((await p.request('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'Nouveau-mot-de-passe-1' } })).status).toBe(410);
      expect((await p.request('POST', '/api/auth/login', { body: { email: DEMO.expert, password: DEMO_PASSWORD } })).status).toBe(200);
    });
  });

  describe('notifications', () => {
    it('vote_opened reaches the eligible voters in the application and by e-mail, as their settings say', async () => {
      // the AMF representative keeps in-app notifications only for votes
      const off = await p.request('PATCH', '/api/me/notification-settings', { token: t.amf, body: { email: { vote_opened: false } } });
      expect(off.status).toBe(200);
      expect(off.body.email).toMatchObject({ vote_opened: false, version_frozen: true, invited: true });
      expect((await p.request('PATCH', '/api/me/notification-settings', { token: t.amf, body: { email: { inconnu: true } } })).status).toBe(400);
      expect((await p.request('PATCH', '/api/me/notification-settings', { token: t.amf, body: { email: { vote_opened: 'non' } } })).status).toBe(400);
      expect((await p.request('GET', '/api/me/notification-settings', { token: t.amf })).body.email.vote_opened).toBe(false);

      const [rec] = await recommendationsOf(p, t.facilitator, group);
      const version = await freeze(p, t.facilitator, rec);
      const vote = await createVote(p, t.facilitator, { workingGroupId: group, title: 'Adoption test notifications', method: 'approval', options: [{ versionId: version.id }] });
      await openVote(p, t.facilitator, vote.id);
      const [mail] = await smtp.waitFor((m) => m.to.includes(DEMO.region) && m.subject.includes('Adoption test notifications'));
      expect(mail.body).toContain(`${p.url}/votes/${vote.id}`);
      for (const who of ['region', 'amf'] as const) {
        const notes = await p.request('GET', '/api/notifications?unread=true', { token: t[who] });
        expect(notes.status).toBe(200);
        expect(notes.body.items.find((n: any) => n.kind === 'vote_opened')).toMatchObject({ title: 'Vote ouvert : « Adoption test notifications »', link: `/votes/${vote.id}`, readAt: null });
      }
      await mailQueueDrained(ds);
      expect(smtp.to(DEMO.amf).filter((m) => m.subject.includes('Adoption test notifications'))).toHaveLength(0);
      expect(smtp.to(DEMO.region).filter((m) => m.subject.includes('Adoption test notifications'))).toHaveLength(1);
      // version_frozen reached the members too (newest first)
      const all = await p.request('GET', '/api/notifications', { token: t.region });
      expect(all.body.items.map((n: any) => n.kind).slice(0, 2)).toEqual(['vote_opened', 'version_frozen']);
    });

    it('marks notifications read by ids or all; bad input is 400; another user’s ids change nothing', async () => {
      const unread = (await p.request('GET', '/api/notifications?unread=true', { token: t.region })).body;
      expect(unread.total).toBeGreaterThan(1);
      const first = unread.items[0].id;
      expect((await p.request('POST', '/api/notifications/read', { token: t.amf, body: { ids: [first] } })).status).toBe(204);
      expect((await p.request('GET', '/api/notifications?unread=true', { token: t.region })).body.total).toBe(unread.total);
      expect((await p.request('POST', '/api/notifications/read', { token: t.region, body: { ids: [first] } })).status).toBe(204);
      expect((await p.request('GET', '/api/notifications?unread=true', { token: t.region })).body.total).toBe(unread.total - 1);
      expect((await p.request('POST', '/api/notifications/read', { token: t.region, body: { ids: ['pas-un-uuid'] } })).status).toBe(400);
      expect((await p.request('POST', '/api/notifications/read', { token: t.region, body: {} })).status).toBe(400);
      expect((await p.request('POST', '/api/notifications/read', { token: t.region, body: { all: false } })).status).toBe(400);
      expect((await p.request('POST', '/api/notifications/read', { token: t.region, body: { all: true } })).status).toBe(204);
      expect((await p.request('GET', '/api/notifications?unread=true', { token: t.region })).body.total).toBe(0);
      expect((await p.request('GET', '/api/notifications?unread=maybe', { token: t.region })).status).toBe(400);
      expect((await p.request('GET', '/api/notifications')).status).toBe(401);
    });

    it('minutes_published when a session is closed', async () => {
      const s = await p.request('POST', `/api/working-groups/${group}/sessions`, {
        token: t.facilitator,
        body: { title: 'Séance de clôture', startsAt: new Date(Date.now() + 3600_000).toISOString(), endsAt: new Date(Date.now() + 7200_000).toISOString(), agenda: [] },
      });
      expect(s.status).toBe(201);
      for (const phase of ['open', 'drafting', 'voting', 'closed']) {
        expect((await p.request('PATCH', `/api/sessions/${s.body.id}`, { token: t.facilitator, body: { phase } })).status).toBe(200);
      }
      const notes = (await p.request('GET', '/api/notifications?unread=true', { token: t.region })).body.items;
      expect(notes.filter((n: any) => n.kind === 'minutes_published')).toEqual([
        expect.objectContaining({ title: 'Compte rendu de la séance « Séance de clôture » publié', link: `/seances/${s.body.id}` }),
      ]);
    });

    it('positions_deadline: 3 days and 1 day before, to representatives of associations without a position, once each', async () => {
      const [, rec] = await recommendationsOf(p, t.facilitator, group);
      const deadline = new Date(Date.now() + 2.5 * 86_400_000);
      expect((await p.request('PATCH', `/api/recommendations/${rec}`, { token: t.facilitator, body: { positionsDeadline: deadline.toISOString() } })).status).toBe(200);
      const service = p.app.get(NotificationsService);
      expect(await service.sendDeadlineReminders(new Date())).toBe(1);
      expect(await service.sendDeadlineReminders(new Date())).toBe(0); // once
      const amfId = await userId(p, t.amf);
      const kinds = async (token: string) => (await p.request('GET', '/api/notifications', { token })).body.items.filter((n: any) => n.kind === 'positions_deadline');
      expect(await kinds(t.amf)).toEqual([expect.objectContaining({ title: expect.stringContaining('dans 3 jours'), link: `/recommandations/${rec}` })]);
      expect(await kinds(t.region)).toEqual([]); // a local authority, not an association
      // 1 day before: the reminder again
      expect(await service.sendDeadlineReminders(new Date(deadline.getTime() - 12 * 3600_000))).toBe(1);
      expect((await kinds(t.amf)).map((n: any) => n.title)).toEqual([expect.stringContaining('demain'), expect.stringContaining('dans 3 jours')]);
      const [mail] = await smtp.waitFor((m) => m.to.includes(DEMO.amf) && m.subject.includes('demain'));
      expect(mail.body).toContain(`${p.url}/recommandations/${rec}`);
      expect(amfId).toBeTruthy();
    });
  });

  it('rate-limits the public identity endpoints per address with 429', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 25 && !codes.includes(429); i++) {
      codes.push((await p.request('POST', '/api/auth/password-reset', { body: { email: `n${i}@nulle.part` } })).status);
    }
    expect(codes).toContain(429);
    expect(codes.filter((c) => c !== 429 && c !== 202)).toEqual([]);
  });
});

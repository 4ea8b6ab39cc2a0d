import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { TestOidcProvider } from '../identity/oidc-provider';
import { linkIn, TestSmtp } from '../identity/smtp';
import { describeBrowser, ensureWebBuild, launchBrowser, screenshot, seriousViolations, signedInContext, WEB_DIR } from './web-support';

/**
 * Identity in a real browser: sign-in with ProConnect against a real OpenID Provider, the
 * notifications bell and page, invitation acceptance and password reset through the e-mails'
 * links (a real SMTP server), the password form hidden with PASSWORD_LOGIN=false.
 */
describeBrowser('identity pages (chromium)', () => {
  let op: TestOidcProvider;
  let smtp: TestSmtp;
  let p: TestPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    op = await new TestOidcProvider().listen();
    smtp = await new TestSmtp().start();
    [p, browser] = await Promise.all([
      startTestPlatform({
        webDir: WEB_DIR,
        smtpUrl: smtp.url,
        oidc: { issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, scopes: 'openid email given_name usual_name siret', autoCreate: false, label: 'ProConnect' },
      }),
      launchBrowser(),
    ]);
    await op.configure(p.url);
  }, 300_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await p?.close();
    await op?.close();
    await smtp?.close();
  });

  const newPage = async (token: string | null = null): Promise<Page> => {
    const { ctx } = await signedInContext(browser, p.url, token);
    contexts.push(ctx);
    return ctx.newPage();
  };
  const expectAccessible = async (page: Page) => expect({ url: page.url(), violations: await seriousViolations(page) }).toEqual({ url: page.url(), violations: [] });

  let page: Page;

  it('signs in with ProConnect and lands signed in where the user was going', async () => {
    op.account = { sub: 'pc-region', email: DEMO.region, given_name: 'Sophie', usual_name: 'Bernard' };
    page = await newPage();
    await page.goto('/feuille-de-route');
    await page.waitForURL(/\/connexion\?retour=/);
    const button = page.getByRole('link', { name: /S’identifier avec\s*ProConnect/ });
    await button.waitFor();
    await page.getByLabel('Adresse e-mail').waitFor(); // the password form too (PASSWORD_LOGIN defaults to true)
    await expectAccessible(page);
    await screenshot(page, 'connexion-proconnect');

    await button.click();
    await page.waitForURL((u) => u.pathname === '/feuille-de-route');
    await page.getByRole('heading', { level: 1, name: 'Feuille de route' }).waitFor();
    expect(new URL(page.url()).hash).toBe(''); // the one-time code is taken out of the URL
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('concertation.token'))).toBeTruthy();
  }, 180_000);

  it('counts unread notifications in the bell, lists them, marks them read, keeps the e-mail settings', async () => {
    // a version frozen by the facilitator: one unread notification in the bell
    const facilitator = await p.login(DEMO.facilitator);
    const me = await p.request('GET', '/api/me', { token: facilitator });
    const group = me.body.memberships[0].workingGroupId;
    const rec = (await p.request('GET', `/api/working-groups/${group}/recommendations`, { token: facilitator })).body.items[0];
    expect((await p.request('POST', `/api/recommendations/${rec.id}/versions`, { token: facilitator })).status).toBe(201);
    await page.goto('/');
    const bell = page.getByRole('link', { name: 'Notifications (1 non lue)' });
    await bell.waitFor();
    await bell.click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByRole('link', { name: `Version 1 de « ${rec.title} » figée` }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'notifications');
    await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
    await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
    expect((await p.request('GET', '/api/notifications?unread=true', { token: await p.login(DEMO.agglo) })).body.total).toBe(1); // others' stay unread

    // e-mail settings
    await page.locator('label', { hasText: 'Ouverture d’un vote où je peux voter' }).click(); // the DSFR label covers its box
    expect(await page.getByLabel('Ouverture d’un vote où je peux voter').isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
    await page.getByText('Vos préférences d’e-mail sont enregistrées.').waitFor();
    const token = (await page.evaluate(() => localStorage.getItem('concertation.token')))!;
    expect((await p.request('GET', '/api/me/notification-settings', { token })).body.email).toMatchObject({ vote_opened: false, version_frozen: true });
  }, 180_000);

  it('signs out at the provider too', async () => {
    // signing out ends the session at the provider too
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL((u) => u.href.startsWith(`${op.issuer}/session/end`));
    expect(await page.evaluate(() => localStorage.getItem('concertation.token'))).toBeNull();
  }, 120_000);

  it('explains a refused ProConnect sign-in', async () => {
    op.account = { sub: 'pc-inconnu', email: 'inconnu@interieur.gouv.fr', given_name: 'In', usual_name: 'Connu' };
    const page = await newPage();
    await page.goto('/connexion');
    await page.getByRole('link', { name: /S’identifier avec\s*ProConnect/ }).click();
    await page.waitForURL(/\/connexion\?erreur=compte_inconnu/);
    await page.getByRole('alert').filter({ hasText: 'Aucun compte de la plateforme ne correspond à votre identité ProConnect' }).waitFor();
    await expectAccessible(page);
  }, 120_000);

  it('accepts an invitation from the e-mail’s link and lands signed in', async () => {
    const admin = await p.login(DEMO.admin);
    const orgs = (await p.request('GET', '/api/organizations', { token: admin })).body.items;
    const email = 'invitee.navigateur@collectivite.test';
    expect((await p.request('POST', '/api/invitations', { token: admin, body: { email, displayName: 'Iris Navigateur', organizationId: orgs[0].id } })).status).toBe(201);
    const link = linkIn((await smtp.waitFor((m) => m.to.includes(email)))[0], `${p.url}/invitation/`);
    const page = await newPage();
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Accepter l’invitation' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Mot-de-passe-solide-1');
    await page.getByLabel('Confirmez le mot de passe', { exact: true }).fill('Mot-de-passe-solide-1');
    await page.getByRole('button', { name: 'Accepter et me connecter' }).click();
    await page.waitForURL((u) => u.pathname === '/mes-groupes');
    await page.getByRole('button', { name: 'Iris Navigateur' }).or(page.getByRole('link', { name: 'Iris Navigateur' })).first().waitFor();
    // the link is single use
    const again = await newPage();
    await again.goto(link);
    await again.getByLabel('Nouveau mot de passe', { exact: true }).fill('Mot-de-passe-solide-2');
    await again.getByLabel('Confirmez le mot de passe', { exact: true }).fill('Mot-de-passe-solide-2');
    await again.getByRole('button', { name: 'Accepter et me connecter' }).click();
    await again.getByRole('alert').filter({ hasText: 'Ce lien a déjà servi ou a expiré' }).waitFor();
  }, 180_000);

  it('resets a password through the e-mail’s link', async () => {
    const page = await newPage();
    await page.goto('/connexion');
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Adresse e-mail').fill(DEMO.observer);
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await page.getByText('Si un compte existe pour cette adresse').waitFor();
    const link = linkIn((await smtp.waitFor((m) => m.to.includes(DEMO.observer) && m.subject.startsWith('Réinitialisation')))[0], `${p.url}/mot-de-passe/nouveau/`);
    await page.goto(link);
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Observatrice-2027');
    await page.getByLabel('Confirmez le mot de passe', { exact: true }).fill('Observatrice-2027');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText('Mot de passe modifié').waitFor();
    expect((await p.request('POST', '/api/auth/login', { body: { email: DEMO.observer, password: 'Observatrice-2027' } })).status).toBe(200);
  }, 180_000);

  it('hides the password form when PASSWORD_LOGIN=false', async () => {
    p.config.passwordLogin = false;
    try {
      const page = await newPage();
      await page.goto('/connexion');
      await page.getByRole('link', { name: /S’identifier avec\s*ProConnect/ }).waitFor();
      expect(await page.getByLabel('Adresse e-mail').count()).toBe(0);
      await expectAccessible(page);
    } finally {
      p.config.passwordLogin = true;
    }
    expect(await p.app.get(DataSource).query(`SELECT 1`)).toHaveLength(1);
  }, 120_000);
});

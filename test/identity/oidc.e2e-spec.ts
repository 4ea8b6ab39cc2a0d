import { DataSource } from 'typeorm';
import { DEMO, startTestPlatform, TestPlatform } from '../support/platform';
import { RedirectBrowser, TestOidcProvider } from './oidc-provider';

/** ProConnect-style sign-in against a real OpenID Provider, through real HTTP redirects. */
describe('OpenID Connect sign-in (oidc-provider on a loopback port)', () => {
  let op: TestOidcProvider;
  let p: TestPlatform;
  let ds: DataSource;
  let admin: string;

  beforeAll(async () => {
    op = await new TestOidcProvider().listen();
    p = await startTestPlatform({
      oidc: { issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, scopes: 'openid email given_name usual_name siret', autoCreate: false, label: 'ProConnect' },
    });
    await op.configure(p.url);
    ds = p.app.get(DataSource);
    admin = await p.login(DEMO.admin);
  });
  afterAll(async () => {
    await p?.close();
    await op?.close();
  });
  afterEach(() => {
    op.tamper = undefined;
    op.tamperUserinfo = undefined;
    p.config.oidc!.autoCreate = false;
  });

  const counts = async () => (await ds.query(`SELECT (SELECT count(*) FROM login_code)::int AS codes, (SELECT count(*) FROM oidc_session)::int AS sessions`))[0];

  /** The whole flow from the web app's button; returns where the browser lands. */
  const signIn = async (returnTo = '/mes-groupes') => {
    const browser = new RedirectBrowser(p.url);
    const landed = await browser.go(`${p.url}/api/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`);
    return { landed, browser };
  };

  const expectRefused = async (landed: URL, code: string, before: { codes: number; sessions: number }) => {
    expect(landed.pathname).toBe('/connexion');
    expect(landed.searchParams.get('erreur')).toBe(code);
    expect(landed.hash).toBe('');
    expect(await counts()).toEqual(before);
  };

  it('GET /api/auth/providers offers the password form and ProConnect', async () => {
    const res = await p.request('GET', '/api/auth/providers');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ password: true, oidc: { label: 'ProConnect', loginUrl: '/api/auth/oidc/login' } });
  });

  it('first sign-in links an account by verified e-mail and attaches the organisation by SIRET; then by subject', async () => {
    const orgs = (await p.request('GET', '/api/organizations', { token: admin })).body.items;
    const interieur = orgs.find((o: any) => o.name === "Ministère de l'Intérieur");
    expect((await p.request('PATCH', `/api/organizations/${interieur.id}`, { token: admin, body: { siret: '11000001000011' } })).status).toBe(200);
    expect((await p.request('PATCH', `/api/organizations/${interieur.id}`, { token: admin, body: { siret: '123' } })).status).toBe(400);
    op.account = { sub: 'pc-sophie', email: DEMO.region, given_name: 'Sophie', usual_name: 'Bernard', siret: '11000001000011' };

    const { landed, browser } = await signIn('/mes-groupes?onglet=2');
    expect(landed.pathname).toBe('/mes-groupes');
    expect(landed.search).toBe('?onglet=2');
    const code = new URLSearchParams(landed.hash.slice(1)).get('login')!;
    expect(code).toBeTruthy();
    // the authorization request carried state, nonce and PKCE S256, and nothing ProConnect would refuse
    const auth = op.authorizeRequests.at(-1)!;
    expect(auth.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(auth.get('nonce')!.length).toBeGreaterThanOrEqual(32);
    expect(auth.get('code_challenge_method')).toBe('S256');
    expect(auth.get('redirect_uri')).toBe(`${p.url}/api/auth/oidc/callback`);
    expect([...auth.keys()].sort()).toEqual(['client_id', 'code_challenge', 'code_challenge_method', 'nonce', 'redirect_uri', 'response_type', 'scope', 'state']);
    expect(browser.visited.some((u) => u.startsWith(`${p.url}/api/auth/oidc/callback?`))).toBe(true);

    const ex = await p.request('POST', '/api/auth/exchange', { body: { code } });
    expect(ex.status).toBe(200);
    expect(ex.body.user).toMatchObject({ email: DEMO.region, organizationId: interieur.id });
    expect(ex.body.expiresIn).toBeGreaterThan(0);
    const me = await p.request('GET', '/api/me', { token: ex.body.accessToken });
    expect(me.status).toBe(200);
    expect((await ds.query(`SELECT oidc_subject FROM "user" WHERE email = $1`, [DEMO.region]))[0].oidc_subject).toBe('pc-sophie');
    // the code is single use
    expect((await p.request('POST', '/api/auth/exchange', { body: { code } })).status).toBe(401);

    // second time: found by subject, even with another e-mail at the provider
    op.account = { ...op.account, email: 'sophie.bernard@nouvelle-adresse.fr' };
    const again = await signIn('/');
    const ex2 = await p.request('POST', '/api/auth/exchange', { body: { code: new URLSearchParams(again.landed.hash.slice(1)).get('login') } });
    expect(ex2.body.user.email).toBe(DEMO.region);
  });

  it('logout answers the provider’s end-session URL with id_token_hint and state; null for a password session', async () => {
    op.account = { sub: 'pc-sophie', email: DEMO.region, given_name: 'Sophie', usual_name: 'Bernard' };
    const { landed } = await signIn('/');
    const ex = await p.request('POST', '/api/auth/exchange', { body: { code: new URLSearchParams(landed.hash.slice(1)).get('login') } });
    // a refreshed token keeps the OIDC session
    const refreshed = await p.request('POST', '/api/auth/refresh', { token: ex.body.accessToken });
    const res = await p.request('POST', '/api/auth/logout', { token: refreshed.body.accessToken });
    expect(res.status).toBe(200);
    const url = new URL(res.body.logoutUrl);
    expect(url.origin + url.pathname).toBe(`${op.issuer}/session/end`);
    const hint = url.searchParams.get('id_token_hint')!;
    expect(JSON.parse(Buffer.from(hint.split('.')[1], 'base64url').toString()).sub).toBe('pc-sophie');
    expect(url.searchParams.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${p.url}/connexion`);
    // the provider accepts it (its logout confirmation page)
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(200);

    const password = await p.request('POST', '/api/auth/logout', { token: await p.login(DEMO.agglo) });
    expect(password.body).toEqual({ logoutUrl: null });
    expect((await p.request('POST', '/api/auth/logout')).status).toBe(401);
  });

  it('refuses with no session: forged, missing and replayed state', async () => {
    const before = await counts();
    const forged = await new RedirectBrowser(p.url).go(`${p.url}/api/auth/oidc/callback?code=abc&state=${'f'.repeat(43)}`);
    await expectRefused(forged, 'etat_invalide', before);
    await expectRefused(await new RedirectBrowser(p.url).go(`${p.url}/api/auth/oidc/callback?code=abc`), 'etat_invalide', before);

    op.account = { sub: 'pc-sophie', email: DEMO.region, given_name: 'Sophie', usual_name: 'Bernard' };
    const { browser } = await signIn('/');
    const callback = browser.visited.find((u) => u.startsWith(`${p.url}/api/auth/oidc/callback?`))!;
    const after = await counts();
    await expectRefused(await new RedirectBrowser(p.url).go(callback), 'etat_invalide', after);
  });

  const refusedWith = async (tamper: (idToken: string) => Promise<string>, failure = 'jeton_invalide') => {
    op.account = { sub: 'pc-sophie', email: DEMO.region, given_name: 'Sophie', usual_name: 'Bernard' };
    op.tamper = tamper;
    const before = await counts();
    const { landed } = await signIn('/');
    await expectRefused(landed, failure, before);
  };

  it('refuses an ID token signed by another key', () => refusedWith((t) => op.resign(t, () => undefined, true)));
  it('refuses an ID token for another audience', () => refusedWith((t) => op.resign(t, (c) => (c.aud = 'un-autre-client'))));
  it('refuses an expired ID token', () =>
    refusedWith((t) =>
      op.resign(t, (c) => {
        c.iat = Math.floor(Date.now() / 1000) - 7200;
        c.exp = Math.floor(Date.now() / 1000) - 3600;
      }),
    ));
  it('refuses an ID token with another nonce', () => refusedWith((t) => op.resign(t, (c) => (c.nonce = 'x'.repeat(43)))));
  it('reads the signed userinfo and refuses one signed by another key', async () => {
    const served = op.userinfoResponses;
    op.tamperUserinfo = (jwt) => op.resign(jwt, () => undefined, true);
    await refusedWith(async (t) => t);
    expect(op.userinfoResponses).toBe(served + 1);
  });
  it('refuses an ID token from another issuer', () => refusedWith((t) => op.resign(t, (c) => (c.iss = 'https://imposteur.example'))));

  it('refuses an unknown user while OIDC_AUTO_CREATE=false; creates the account when true', async () => {
    op.account = { sub: 'pc-nouveau', email: 'nouveau.agent@interieur.gouv.fr', given_name: 'Noé', usual_name: 'Martin', siret: '11000001000011' };
    const before = await counts();
    await expectRefused((await signIn('/')).landed, 'compte_inconnu', before);
    expect(await ds.query(`SELECT 1 FROM "user" WHERE email = 'nouveau.agent@interieur.gouv.fr'`)).toHaveLength(0);

    p.config.oidc!.autoCreate = true;
    const { landed } = await signIn('/');
    const ex = await p.request('POST', '/api/auth/exchange', { body: { code: new URLSearchParams(landed.hash.slice(1)).get('login') } });
    expect(ex.status).toBe(200);
    const orgs = (await p.request('GET', '/api/organizations', { token: admin })).body.items;
    expect(ex.body.user).toMatchObject({ email: 'nouveau.agent@interieur.gouv.fr', displayName: 'Noé Martin', role: 'member', organizationId: orgs.find((o: any) => o.siret === '11000001000011').id });
    // such an account has no password
    expect((await p.request('POST', '/api/auth/login', { body: { email: 'nouveau.agent@interieur.gouv.fr', password: '!oidc' } })).status).toBe(401);
  });

  it('a login code older than 60 s is refused; bad exchange input is 400/401', async () => {
    op.account = { sub: 'pc-sophie', email: DEMO.region, given_name: 'Sophie', usual_name: 'Bernard' };
    const { landed } = await signIn('/');
    await ds.query(`UPDATE login_code SET expires_at = now() - interval '1 second'`);
    expect((await p.request('POST', '/api/auth/exchange', { body: { code: new URLSearchParams(landed.hash.slice(1)).get('login') } })).status).toBe(401);
    expect((await p.request('POST', '/api/auth/exchange', { body: { code: 'inconnu' } })).status).toBe(401);
    expect((await p.request('POST', '/api/auth/exchange', { body: {} })).status).toBe(400);
  });

  it('keeps returnTo on this site only', async () => {
    op.account = { sub: 'pc-sophie', email: DEMO.region, given_name: 'Sophie', usual_name: 'Bernard' };
    for (const evil of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const { landed } = await signIn(evil);
      expect(landed.origin).toBe(p.url);
      expect(landed.pathname).toBe('/');
    }
  });

  it('PASSWORD_LOGIN=false hides and refuses the password sign-in', async () => {
    p.config.passwordLogin = false;
    try {
      expect((await p.request('GET', '/api/auth/providers')).body.password).toBe(false);
      expect((await p.request('POST', '/api/auth/login', { body: { email: DEMO.admin, password: 'whatever-1' } })).status).toBe(403);
    } finally {
      p.config.passwordLogin = true;
    }
  });
});

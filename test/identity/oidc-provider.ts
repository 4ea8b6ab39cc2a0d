import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** The person signing in at the test provider (ProConnect's claims). */
export interface TestAccount {
  sub: string;
  email: string;
  given_name: string;
  usual_name: string;
  siret?: string;
}

type Tamper = (idToken: string) => Promise<string>;

/**
 * A real OpenID Provider (oidc-provider 9) on a loopback port: one confidential client, a
 * signed userinfo (as ProConnect), PKCE S256, RP-initiated logout. Sign-in and consent are
 * granted at once for `account` (no form). `tamper` rewrites the ID token of the next token
 * responses (another key, another audience, expired…).
 */
export class TestOidcProvider {
  account: TestAccount = { sub: 'agent-1', email: 'agent@interieur.gouv.fr', given_name: 'Jeanne', usual_name: 'Dupont', siret: '11000001000011' };
  tamper?: Tamper;
  /** Rewrites the next signed userinfo responses (a JWT, as ProConnect sends). */
  tamperUserinfo?: Tamper;
  readonly clientId = 'concertation-test';
  readonly clientSecret = 'a-client-secret-of-at-least-32-characters-0123456789';
  private server!: Server;
  private provider: any;
  private signingJwk: any;
  /** Every authorization request's query, as the provider received it. */
  readonly authorizeRequests: URLSearchParams[] = [];
  issuer = '';
  /** Signed userinfo responses served. */
  userinfoResponses = 0;

  /** Listens first (the platform needs the issuer URL), configures once the redirect URI is known. */
  async listen(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async configure(platformUrl: string): Promise<void> {
    // oidc-provider ships no types: the few calls made here are typed `any`.
    const Provider: any = ((await import('oidc-provider' as string)) as { default: unknown }).default;
    const jose = await import('jose');
    const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
    this.signingJwk = { ...(await jose.exportJWK(privateKey)), kid: 'test-key-1', use: 'sig', alg: 'RS256' };
    const account = () => this.account;
    this.provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: this.clientId,
          client_secret: this.clientSecret,
          redirect_uris: [`${platformUrl}/api/auth/oidc/callback`],
          post_logout_redirect_uris: [`${platformUrl}/connexion`],
          token_endpoint_auth_method: 'client_secret_post',
          id_token_signed_response_alg: 'RS256',
          userinfo_signed_response_alg: 'RS256',
        },
      ],
      jwks: { keys: [this.signingJwk] },
      cookies: { keys: ['test-cookie-key-0123456789'] },
      scopes: ['openid', 'email', 'given_name', 'usual_name', 'siret'],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], given_name: ['given_name'], usual_name: ['usual_name'], siret: ['siret'] },
      features: { devInteractions: { enabled: false }, jwtUserinfo: { enabled: true }, rpInitiatedLogout: { enabled: true } },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      findAccount: async (_ctx: unknown, id: string) => ({
        accountId: id,
        claims: async () => ({ ...account(), sub: id, email_verified: true }),
      }),
    });
    this.provider.use(async (ctx: any, next: () => Promise<void>) => {
      if (ctx.path === '/auth' && ctx.method === 'GET') this.authorizeRequests.push(new URLSearchParams(ctx.querystring));
      await next();
      if (ctx.path === '/token' && this.tamper && ctx.body?.id_token) ctx.body = { ...ctx.body, id_token: await this.tamper(ctx.body.id_token) };
      if (ctx.path === '/me' && typeof ctx.body === 'string' && ctx.type === 'application/jwt') {
        this.userinfoResponses++;
        if (this.tamperUserinfo) ctx.body = await this.tamperUserinfo(ctx.body);
      }
    });
  }

  /** Re-signs the ID token's claims, changed by `change`, with the provider's key or another one of the same `kid`. */
  async resign(idToken: string, change: (claims: Record<string, unknown>) => void, otherKey = false): Promise<string> {
    const jose = await import('jose');
    const claims = jose.decodeJwt(idToken) as Record<string, unknown>;
    change(claims);
    const key = otherKey ? (await jose.generateKeyPair('RS256')).privateKey : await jose.importJWK(this.signingJwk, 'RS256');
    return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key-1' }).sign(key);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.url?.startsWith('/interaction/')) return await this.interaction(req, res);
      this.provider.callback()(req, res);
    } catch (err) {
      res.statusCode = 500;
      res.end(String(err));
    }
  }

  /** Signs `account` in and grants what the client asked for, without a page. */
  private async interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await this.provider.interactionDetails(req, res);
    const { prompt, params } = details;
    if (prompt.name === 'login') {
      await this.provider.interactionFinished(req, res, { login: { accountId: this.account.sub } }, { mergeWithLastSubmission: false });
      return;
    }
    const grant = details.grantId ? await this.provider.Grant.find(details.grantId) : new this.provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    await this.provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A browser without JavaScript: follows redirects (each hop a real HTTP request), keeps cookies
 * per origin, and stops at the first URL on `stopOrigin` that is not under /api/.
 */
export class RedirectBrowser {
  private readonly jar = new Map<string, Map<string, string>>();
  /** Every URL visited, in order. */
  readonly visited: string[] = [];

  constructor(private readonly stopOrigin: string) {}

  async go(start: string): Promise<URL> {
    let url = new URL(start);
    for (let hops = 0; hops < 20; hops++) {
      this.visited.push(url.href);
      if (url.origin === this.stopOrigin && !url.pathname.startsWith('/api/')) return url;
      const cookies = this.jar.get(url.origin);
      const res = await fetch(url, { redirect: 'manual', headers: cookies?.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {} });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair.indexOf('=');
        if (!this.jar.has(url.origin)) this.jar.set(url.origin, new Map());
        this.jar.get(url.origin)!.set(pair.slice(0, i).trim(), pair.slice(i + 1));
      }
      const location = res.headers.get('location');
      await res.arrayBuffer();
      if (res.status < 300 || res.status >= 400 || !location) throw new Error(`stopped at ${url.href}: ${res.status}`);
      url = new URL(location, url);
    }
    throw new Error('too many redirects');
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { randomBytes } from 'node:crypto';
import type * as OidcClient from 'openid-client';
import { APP_CONFIG, AppConfig, OidcConfig } from '@app/core';
import { Organization, Transactions, User } from '@app/database';
import { DomainError, ErrorCode } from '@app/domain';
import { AuditService } from '../../audit/audit.service';
import { UserCache } from '../user-cache';
import { hashToken } from '../../invitations/one-time-token';
import { OrganizationsService } from '../../organizations/organizations.service';
import { AuthRepository } from '../auth.repository';

/** How long a sign-in may take at the provider, and how long the one-time login code lives. */
export const OIDC_ATTEMPT_TTL_MS = 10 * 60 * 1000;
export const LOGIN_CODE_TTL_MS = 60 * 1000;

/** The `erreur` codes of `/connexion?erreur=…` (the web app explains each one). */
export type OidcFailure = 'desactive' | 'etat_invalide' | 'jeton_invalide' | 'compte_inconnu' | 'fournisseur';

export class OidcError extends Error {
  constructor(
    readonly failure: OidcFailure,
    message: string,
  ) {
    super(message);
  }
}

/** A user's claims from the ID token and the (possibly signed) userinfo response. */
interface Claims {
  sub: string;
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  usual_name?: string;
  family_name?: string;
  siret?: string;
}

/** A path of this site only: `/x?y`, never `//host` or `/\host` (open redirects). */
export function safeReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 1000 || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || /[\r\n]/.test(raw)) return '/';
  return raw.split('#')[0] || '/';
}

/** An unusable password hash: accounts created by OIDC sign in through the provider only. */
const NO_PASSWORD = '!oidc';

/**
 * OpenID Connect sign-in (ProConnect) with openid-client: authorization code flow with state,
 * nonce and PKCE (S256, when the discovery document lists it). What the callback checks is kept
 * in the database, so the callback may land on any node; each attempt is deleted as it is used.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('Oidc');
  private client?: Promise<typeof OidcClient>;
  private discovered?: Promise<OidcClient.Configuration>;

  constructor(
    private readonly tx: Transactions,
    private readonly repo: AuthRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly users: UserCache,
    private readonly organizations: OrganizationsService,
  ) {}

  get enabled(): boolean {
    return !!this.config.oidc;
  }

  get redirectUri(): string {
    return `${this.config.publicUrl}/api/auth/oidc/callback`;
  }

  private oidc(): OidcConfig {
    if (!this.config.oidc) throw new OidcError('desactive', 'OIDC sign-in is not configured');
    return this.config.oidc;
  }

  private lib(): Promise<typeof OidcClient> {
    this.client ??= import('openid-client');
    return this.client;
  }

  /** The provider's configuration, discovered once (again after a failure). */
  private async configuration(): Promise<OidcClient.Configuration> {
    const oidc = this.oidc();
    if (!this.discovered) {
      this.discovered = (async () => {
        const lib = await this.lib();
        const issuer = new URL(oidc.issuer);
        const config = await lib.discovery(issuer, oidc.clientId, { client_secret: oidc.clientSecret }, lib.ClientSecretPost(oidc.clientSecret), {
          execute: issuer.protocol === 'http:' ? [lib.allowInsecureRequests] : [],
          timeout: 10,
        });
        // Without this, openid-client trusts the TLS channel for the ID token and the signed
        // userinfo (OIDC Core 3.1.3.7) and does not check their signatures: check them against
        // the provider's JWKS, so that a token signed by another key is refused.
        lib.enableNonRepudiationChecks(config);
        return config;
      })();
      this.discovered.catch(() => (this.discovered = undefined));
    }
    return this.discovered;
  }

  /** The authorization URL for a new attempt, recorded for the callback. */
  async authorizationUrl(returnToRaw: unknown): Promise<string> {
    const oidc = this.oidc();
    const lib = await this.lib();
    const config = await this.configuration().catch((err) => {
      throw new OidcError('fournisseur', `discovery failed: ${(err as Error).message}`);
    });
    const state = lib.randomState();
    const nonce = lib.randomNonce();
    const pkce = config.serverMetadata().code_challenge_methods_supported?.includes('S256') ?? false;
    const codeVerifier = pkce ? lib.randomPKCECodeVerifier() : null;
    await this.repo.insertAttempt({ state, nonce, codeVerifier, returnTo: safeReturnTo(returnToRaw), expiresAt: new Date(Date.now() + OIDC_ATTEMPT_TTL_MS) });
    // Only parameters the provider knows (ProConnect refuses unknown ones).
    const params: Record<string, string> = { redirect_uri: this.redirectUri, scope: oidc.scopes, state, nonce };
    if (codeVerifier) {
      params.code_challenge = await lib.calculatePKCECodeChallenge(codeVerifier);
      params.code_challenge_method = 'S256';
    }
    if (oidc.acrValues) params.acr_values = oidc.acrValues;
    // Expired attempts are swept now and then.
    void this.repo.sweepExpiredAttempts().catch(() => undefined);
    return lib.buildAuthorizationUrl(config, params).href;
  }

  /**
   * The provider's redirect: checks state (single use), exchanges the code, verifies the ID
   * token (signature, issuer, audience, expiry, nonce) and the userinfo, finds or creates the
   * user. Returns where to send the browser, with a one-time login code.
   */
  async callback(currentUrl: URL): Promise<{ returnTo: string; code: string }> {
    const oidc = this.oidc();
    const lib = await this.lib();
    const state = currentUrl.searchParams.get('state');
    if (!state || state.length > 200) throw new OidcError('etat_invalide', 'missing state');
    const attempt = await this.repo.takeAttempt(state);
    if (!attempt || new Date(attempt.expiresAt).getTime() < Date.now()) throw new OidcError('etat_invalide', 'unknown, used or expired state');
    const config = await this.configuration().catch((err) => {
      throw new OidcError('fournisseur', `discovery failed: ${(err as Error).message}`);
    });
    let tokens: Awaited<ReturnType<typeof lib.authorizationCodeGrant>>;
    try {
      tokens = await lib.authorizationCodeGrant(config, currentUrl, {
        expectedState: state,
        expectedNonce: attempt.nonce,
        pkceCodeVerifier: attempt.codeVerifier ?? undefined,
        idTokenExpected: true,
      });
    } catch (err) {
      throw new OidcError(err instanceof lib.AuthorizationResponseError ? 'fournisseur' : 'jeton_invalide', `code exchange: ${(err as Error).message}`);
    }
    const idClaims = tokens.claims();
    if (!idClaims || !tokens.id_token) throw new OidcError('jeton_invalide', 'no ID token');
    let userinfo: Record<string, unknown>;
    try {
      // ProConnect answers a signed JWT: openid-client verifies it against the provider's keys.
      userinfo = (await lib.fetchUserInfo(config, tokens.access_token, idClaims.sub)) as Record<string, unknown>;
    } catch (err) {
      throw new OidcError('jeton_invalide', `userinfo: ${(err as Error).message}`);
    }
    const claims = { ...idClaims, ...userinfo, sub: idClaims.sub } as Claims;
    const code = randomBytes(32).toString('base64url');
    await this.tx.run(async (m) => {
      const user = await this.findOrCreate(m, claims, oidc.autoCreate);
      const session = await this.repo.insertSession(m, user.id, tokens.id_token!);
      await this.repo.insertLoginCode(m, { codeHash: hashToken(code), userId: user.id, oidcSessionId: session.id, expiresAt: new Date(Date.now() + LOGIN_CODE_TTL_MS) });
      await this.audit.record(m, { actorId: user.id, action: 'auth.oidc_login', entityType: 'user', entityId: user.id, data: { issuer: oidc.issuer } });
      this.users.invalidate(user.id);
    });
    return { returnTo: attempt.returnTo, code };
  }

  /** By subject, else by verified e-mail (then the subject is recorded); created only with OIDC_AUTO_CREATE. */
  private async findOrCreate(m: EntityManager, claims: Claims, autoCreate: boolean): Promise<User> {
    const bySubject = await this.repo.userBySubject(m, claims.sub);
    if (bySubject) return bySubject;
    const email = typeof claims.email === 'string' && claims.email_verified !== false ? claims.email.trim().toLowerCase() : undefined;
    const org = await this.organizationOf(m, claims.siret);
    let user = email ? await this.repo.userByEmail(email, m) : null;
    if (user) {
      if (user.oidcSubject) throw new OidcError('compte_inconnu', 'the account is linked to another subject');
      await this.repo.updateUser(m, user.id, { oidcSubject: claims.sub, ...(org ? { organizationId: org.id } : {}) });
      await this.audit.record(m, { actorId: user.id, action: 'user.oidc_linked', entityType: 'user', entityId: user.id, data: { organizationId: org?.id ?? null } });
      return (await this.repo.userById(user.id, m))!;
    }
    if (!autoCreate || !email) throw new OidcError('compte_inconnu', 'no account for this identity');
    const displayName = [claims.given_name, claims.usual_name ?? claims.family_name].filter((s) => typeof s === 'string' && s.trim()).join(' ').trim() || email;
    user = await this.repo.insertUser(m, { email, displayName: displayName.slice(0, 120), passwordHash: NO_PASSWORD, organizationId: org?.id ?? null, role: 'member', isRepresentative: false, oidcSubject: claims.sub });
    await this.audit.record(m, { actorId: user.id, action: 'user.created', entityType: 'user', entityId: user.id, data: { email, via: 'oidc', organizationId: org?.id ?? null } });
    return user;
  }

  private async organizationOf(m: EntityManager, siret: unknown): Promise<Organization | null> {
    if (typeof siret !== 'string' || !/^\d{14}$/.test(siret.replace(/\s/g, ''))) return null;
    return this.organizations.bySiret(siret.replace(/\s/g, ''), m);
  }

  /** The one-time login code → the user and the OIDC session; 401 when unknown, used or older than 60 s. */
  async exchange(code: string): Promise<{ user: User; sessionId: string | null }> {
    const row = await this.repo.takeLoginCode(hashToken(code));
    void this.repo.sweepExpiredLoginCodes().catch(() => undefined);
    if (!row || new Date(row.expiresAt).getTime() < Date.now()) throw new DomainError(ErrorCode.InvalidCredentials, 'Code de connexion invalide ou expiré');
    const user = await this.repo.userById(row.userId);
    if (!user) throw new DomainError(ErrorCode.InvalidCredentials, 'Code de connexion invalide ou expiré');
    return { user, sessionId: row.sessionId };
  }

  /** The provider's end-session URL for this OIDC session (`id_token_hint`, `state`), or null. */
  async logoutUrl(userId: string, sessionId: string | undefined): Promise<string | null> {
    if (!sessionId || !this.config.oidc) return null;
    const session = await this.repo.takeSession(sessionId, userId);
    if (!session) return null;
    const lib = await this.lib();
    const config = await this.configuration().catch((err) => {
      this.logger.warn(`logout: discovery failed: ${(err as Error).message}`);
      return null;
    });
    if (!config?.serverMetadata().end_session_endpoint) return null;
    return lib.buildEndSessionUrl(config, {
      id_token_hint: session.idToken,
      state: lib.randomState(),
      post_logout_redirect_uri: `${this.config.publicUrl}/connexion`,
    }).href;
  }
}

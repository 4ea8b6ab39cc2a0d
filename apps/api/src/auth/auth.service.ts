import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import * as argon2 from 'argon2';
import { User } from '@app/database';
import { DomainError, ErrorCode } from '@app/domain';
import { signAccessToken, verifyAccessToken } from '@app/contracts';
import { APP_CONFIG, AppConfig } from '@app/core';
import { MemoryRateLimiter, RateLimiter, RedisRateLimiter } from './rate-limiter';
import { AuthRepository } from './auth.repository';

/**
 * OWASP's first argon2id setting (46 MiB, 1 pass). Its twin (19 MiB, 2 passes) is as strong but
 * costs memory for good: glibc serves a freed block under 32 MiB from its heap the next time
 * (dynamic mmap threshold), and each libuv thread that hashed keeps its 19 MiB arena: +50 MB
 * of RSS for the process's lifetime. Above 32 MiB every hash is mmapped and given back.
 * Hashes made with other parameters still verify (they are in the hash string).
 */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 47_104, timeCost: 1, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

const BAD_CREDENTIALS = 'Adresse e-mail ou mot de passe incorrect';

@Injectable()
export class AuthService implements OnApplicationShutdown {
  private readonly limiter: RateLimiter;
  /** Verified against when the e-mail is unknown, so both failures take the same time. */
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly repo: AuthRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.limiter = config.redisUrl ? new RedisRateLimiter(config.redisUrl, config.redisNamespace) : new MemoryRateLimiter();
    this.dummyHash = hashPassword('not-a-real-password-' + Math.random());
  }

  async login(emailRaw: string, password: string, ip: string): Promise<{ accessToken: string; expiresIn: number; user: User }> {
    const email = emailRaw.trim().toLowerCase();
    const ipKey = `login:ip:${ip}`;
    const accountKey = `login:acct:${email}`;
    // Only failed attempts count (API.md v2): 500 agents behind one proxy all sign in.
    const [byIp, byAccount] = await Promise.all([this.limiter.count(ipKey), this.limiter.count(accountKey)]);
    if (byIp >= this.config.loginMaxPerIp || byAccount >= this.config.loginMaxPerAccount) {
      throw new DomainError(ErrorCode.RateLimited, 'Trop de tentatives de connexion, réessayez plus tard');
    }
    const user = await this.repo.userByEmail(email);
    const ok = user
      ? await argon2.verify(user.passwordHash, password).catch(() => false)
      : await argon2.verify(await this.dummyHash, password).then(() => false, () => false);
    if (!user || !ok) {
      const window = this.config.loginWindowSeconds;
      await Promise.all([this.limiter.hit(ipKey, window), this.limiter.hit(accountKey, window)]);
      throw new DomainError(ErrorCode.InvalidCredentials, BAD_CREDENTIALS);
    }
    // The account's failures are forgotten once its password is known; the address's are not
    // (one valid account must not let a guesser start over on the others).
    await this.limiter.reset(accountKey);
    return { accessToken: this.issue(user), expiresIn: this.config.jwtTtlSeconds, user };
  }

  /** The account as stored now (a token refresh), or null. */
  account(id: string): Promise<User | null> {
    return this.repo.userById(id);
  }

  /** `sid`: the OIDC session the token belongs to (its logout needs the ID token). */
  issue(user: User, sid?: string | null): string {
    return signAccessToken(
      this.config.jwtSecret,
      { sub: user.id, name: user.displayName, role: user.role, org: user.organizationId, ...(sid ? { sid } : {}) },
      this.config.jwtTtlSeconds,
    );
  }

  get ttlSeconds(): number {
    return this.config.jwtTtlSeconds;
  }

  /** The claims of the request's bearer token (already checked by the guard on private routes). */
  claimsOf(authorization: string | undefined) {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
    return token ? verifyAccessToken(this.config.jwtSecret, token) : null;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.limiter.close();
  }
}

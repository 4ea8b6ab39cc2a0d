import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { DomainError, ErrorCode } from '@app/domain';
import { MemoryRateLimiter, RateLimiter, RedisRateLimiter } from '../auth/rate-limiter';

/** Limits of the public identity endpoints (password reset, invitation acceptance), per address. */
export const IDENTITY_LIMITS = {
  /** Requests per address and window, every public identity endpoint counted together. */
  perIp: 20,
  /** Reset e-mails per account and window (more requests answer 202 and send nothing). */
  resetMailsPerAccount: 3,
  windowSeconds: 15 * 60,
};

@Injectable()
export class IdentityRateLimit implements OnApplicationShutdown {
  private readonly limiter: RateLimiter;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = config.redisUrl ? new RedisRateLimiter(config.redisUrl, config.redisNamespace) : new MemoryRateLimiter();
  }

  /** 429 when the address made too many identity requests in the window. */
  async requireIp(ip: string): Promise<void> {
    if ((await this.limiter.hit(`identity:ip:${ip}`, IDENTITY_LIMITS.windowSeconds)) > IDENTITY_LIMITS.perIp) {
      throw new DomainError(ErrorCode.RateLimited, 'Trop de demandes, réessayez plus tard');
    }
  }

  /** false when this account already got its share of reset e-mails in the window. */
  async allowResetMail(email: string): Promise<boolean> {
    return (await this.limiter.hit(`identity:reset:${email}`, IDENTITY_LIMITS.windowSeconds)) <= IDENTITY_LIMITS.resetMailsPerAccount;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.limiter.close();
  }
}

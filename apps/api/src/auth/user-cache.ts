import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/current-user';
import { AuthRepository } from './auth.repository';

const TTL_MS = 2000;

/** Users by id for the auth guard, kept two seconds so that reads don't pay a query each. */
@Injectable()
export class UserCache {
  private readonly entries = new Map<string, { user: AuthUser | null; until: number }>();

  constructor(private readonly repo: AuthRepository) {}

  async get(id: string): Promise<AuthUser | null> {
    const now = Date.now();
    const hit = this.entries.get(id);
    if (hit && hit.until > now) return hit.user;
    const u = await this.repo.userById(id);
    const user: AuthUser | null = u
      ? { id: u.id, email: u.email, displayName: u.displayName, role: u.role, organizationId: u.organizationId, isRepresentative: u.isRepresentative }
      : null;
    if (this.entries.size > 50_000) this.entries.clear();
    this.entries.set(id, { user, until: now + TTL_MS });
    return user;
  }

  invalidate(id: string): void {
    this.entries.delete(id);
  }
}

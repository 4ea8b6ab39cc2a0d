import { createHash, randomBytes } from 'node:crypto';
import { DomainError, ErrorCode } from '@app/domain';

/** The answer to a used, expired or unknown single-use link (410). */
export const GONE_LINK = 'Ce lien n’est plus valable (déjà utilisé ou expiré)';

/** A random single-use token (256 bits, 43 characters) and the hash under which it is stored. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * A new single-use link valid `ttlMs`: the token (it goes in the e-mail only), the hash to store,
 * the expiry, and the link's URL (`base` + token).
 */
export function issueLink(base: string, ttlMs: number, now = Date.now()): { token: string; hash: string; expiresAt: Date; url: string } {
  const { token, hash } = newToken();
  return { token, hash, expiresAt: new Date(now + ttlMs), url: `${base}${token}` };
}

/**
 * Uses a single-use link: `claim` marks the row of the token's hash used, in one statement that
 * only matches an unused, unexpired row (so two concurrent uses can't both succeed); 410 when
 * it matched nothing.
 */
export async function consumeLink<T>(token: string, claim: (tokenHash: string) => Promise<T | null>): Promise<T> {
  const row = await claim(hashToken(token));
  if (!row) throw new DomainError(ErrorCode.Gone, GONE_LINK);
  return row;
}

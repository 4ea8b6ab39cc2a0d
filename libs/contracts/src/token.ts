import { createSecretKey, KeyObject } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import type { AccessTokenClaims } from './auth';

// jsonwebtoken turns a string secret into a KeyObject on every call, first by trying (and
// failing) to parse it as a PEM key: about 15% of the CPU of an authenticated request. Once per secret.
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret));
    keys.set(secret, key);
  }
  return key;
}

export function signAccessToken(secret: string, claims: Omit<AccessTokenClaims, 'iat' | 'exp'>, ttlSeconds: number): string {
  return jwt.sign(claims, keyOf(secret), { algorithm: 'HS256', expiresIn: ttlSeconds, issuer: 'concertation' });
}

/** The claims of a valid, unexpired token, or null. */
export function verifyAccessToken(secret: string, token: string): AccessTokenClaims | null {
  try {
    const claims = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'], issuer: 'concertation' }) as AccessTokenClaims;
    return typeof claims.sub === 'string' ? claims : null;
  } catch {
    return null;
  }
}

import * as jwt from 'jsonwebtoken';
import type { AccessTokenClaims } from './auth';

export function signAccessToken(secret: string, claims: Omit<AccessTokenClaims, 'iat' | 'exp'>, ttlSeconds: number): string {
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: ttlSeconds, issuer: 'concertation' });
}

/** The claims of a valid, unexpired token, or null. */
export function verifyAccessToken(secret: string, token: string): AccessTokenClaims | null {
  try {
    const claims = jwt.verify(token, secret, { algorithms: ['HS256'], issuer: 'concertation' }) as AccessTokenClaims;
    return typeof claims.sub === 'string' ? claims : null;
  } catch {
    return null;
  }
}

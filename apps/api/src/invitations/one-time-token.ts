import { createHash, randomBytes } from 'node:crypto';

/** A random single-use token (256 bits, 43 characters) and the hash under which it is stored. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

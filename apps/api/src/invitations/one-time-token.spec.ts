import { DomainError, ErrorCode } from '@app/domain';
import { consumeLink, GONE_LINK, hashToken, issueLink } from './one-time-token';

describe('single-use links', () => {
  it('issues a random token whose hash is stored, the link carrying the token only', () => {
    const now = Date.UTC(2026, 0, 1);
    const a = issueLink('https://example.test/invitation/', 3600_000, now);
    const b = issueLink('https://example.test/invitation/', 3600_000, now);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(hashToken(a.token));
    expect(a.hash).not.toContain(a.token);
    expect(a.url).toBe(`https://example.test/invitation/${a.token}`);
    expect(a.expiresAt.getTime()).toBe(now + 3600_000);
  });

  it('consumes by the hash: the claimed row when the claim matched', async () => {
    const seen: string[] = [];
    const row = await consumeLink('abc', async (hash) => {
      seen.push(hash);
      return { userId: 'u1' };
    });
    expect(row).toEqual({ userId: 'u1' });
    expect(seen).toEqual([hashToken('abc')]);
  });

  it('answers 410 gone when the claim matched nothing (used, expired or unknown)', async () => {
    const err = await consumeLink('abc', async () => null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe(ErrorCode.Gone);
    expect((err as DomainError).message).toBe(GONE_LINK);
  });
});

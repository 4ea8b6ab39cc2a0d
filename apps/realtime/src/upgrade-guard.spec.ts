import type { IncomingMessage } from 'node:http';
import { clientAddress, ConnectionCounter, OriginPolicy, originAllowed } from './upgrade-guard';

const req = (headers: Record<string, string>) => ({ headers }) as Pick<IncomingMessage, 'headers'>;
const none: OriginPolicy = { corsOrigins: [], trustProxy: false };

describe('the websocket origin rule', () => {
  it.each<[string, Record<string, string>, OriginPolicy, boolean]>([
    ['no Origin (not a browser)', {}, none, true],
    ['the request’s own host', { origin: 'http://concertation.local:3000', host: 'concertation.local:3000' }, none, true],
    ['the own host, in capitals', { origin: 'http://Concertation.LOCAL:3000', host: 'CONCERTATION.local:3000' }, none, true],
    ['https page, same host (TLS at the proxy)', { origin: 'https://concertation.gouv.fr', host: 'concertation.gouv.fr' }, none, true],
    ['another host', { origin: 'https://evil.example', host: 'concertation.gouv.fr' }, none, false],
    ['another port', { origin: 'http://concertation.local:4000', host: 'concertation.local:3000' }, none, false],
    ['"null" (sandboxed page)', { origin: 'null', host: 'concertation.gouv.fr' }, none, false],
    ['not a URL', { origin: 'pas une origine', host: 'concertation.gouv.fr' }, none, false],
    ['file: page', { origin: 'file://', host: 'concertation.gouv.fr' }, none, false],
    ['no Host at all', { origin: 'https://concertation.gouv.fr' }, none, false],
    ['one of CORS_ORIGINS', { origin: 'https://partenaire.example', host: 'concertation.gouv.fr' }, { ...none, corsOrigins: ['https://partenaire.example/'] }, true],
    ['PUBLIC_URL’s origin', { origin: 'https://concertation.gouv.fr', host: '10.0.0.5:3000' }, { ...none, originUrl: 'https://concertation.gouv.fr/app' }, true],
    ['own Host when PUBLIC_URL says otherwise', { origin: 'http://10.0.0.5:3000', host: '10.0.0.5:3000' }, { ...none, originUrl: 'https://concertation.gouv.fr' }, false],
    ['X-Forwarded-Host behind a trusted proxy', { origin: 'https://concertation.gouv.fr', host: 'app:3000', 'x-forwarded-host': 'concertation.gouv.fr' }, { ...none, trustProxy: true }, true],
    ['X-Forwarded-Host ignored without TRUST_PROXY', { origin: 'https://concertation.gouv.fr', host: 'app:3000', 'x-forwarded-host': 'concertation.gouv.fr' }, none, false],
  ])('%s', (_what, headers, policy, expected) => {
    expect(originAllowed(req(headers), policy)).toBe(expected);
  });
});

describe('the client address', () => {
  const at = (headers: Record<string, string>) => ({ headers, socket: { remoteAddress: '127.0.0.1' } }) as unknown as IncomingMessage;
  it('is the peer, or the first X-Forwarded-For entry behind a trusted proxy only', () => {
    expect(clientAddress(at({ 'x-forwarded-for': '203.0.113.7, 10.0.0.1' }), false)).toBe('127.0.0.1');
    expect(clientAddress(at({ 'x-forwarded-for': '203.0.113.7, 10.0.0.1' }), true)).toBe('203.0.113.7');
    expect(clientAddress(at({}), true)).toBe('127.0.0.1');
  });
});

describe('ConnectionCounter', () => {
  it('refuses beyond max per key, counts nothing for a refusal, and frees places on release', () => {
    const c = new ConnectionCounter(2);
    expect([c.acquire('a'), c.acquire('a'), c.acquire('a'), c.acquire('b')]).toEqual([true, true, false, true]);
    expect([c.count('a'), c.count('b')]).toEqual([2, 1]);
    c.release('a');
    expect(c.acquire('a')).toBe(true);
    expect(c.acquire('a')).toBe(false);
    c.release('b');
    c.release('b'); // never below zero
    expect(c.count('b')).toBe(0);
    expect([c.acquire('b'), c.acquire('b'), c.acquire('b')]).toEqual([true, true, false]);
  });
});

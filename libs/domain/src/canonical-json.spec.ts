import * as fc from 'fast-check';
import { canonicalJson, chainHash, GENESIS_HASH, sha256Hex } from './canonical-json';

/** Reverses the key order of every object, recursively (same value, other insertion order). */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value && typeof value === 'object') {
    // fromEntries defines own properties, "__proto__" included
    return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reordered((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Shuffles key order with a seed. */
function shuffled(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffled(v, seed));
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    let s = seed;
    for (let i = keys.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) >>> 0;
      const j = s % (i + 1);
      [keys[i], keys[j]] = [keys[j], keys[i]];
    }
    return Object.fromEntries(keys.map((k) => [k, shuffled((value as Record<string, unknown>)[k], seed + 1)]));
  }
  return value;
}

const json = fc.jsonValue({ maxDepth: 4 });

describe('canonicalJson', () => {
  it('sorts keys, drops undefined members, and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1, y: undefined, x: 2 } })).toBe('{"a":[true,null,"x"],"b":1,"c":{"x":2,"z":1}}');
    expect(canonicalJson(new Date('2026-01-02T03:04:05.006Z'))).toBe('"2026-01-02T03:04:05.006Z"');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([undefined])).toBe('[null]');
    expect(canonicalJson({ é: 1, e: 2, Z: 3 })).toBe('{"Z":3,"e":2,"é":1}');
    expect(canonicalJson(JSON.parse('{"__proto__":1,"a":2}'))).toBe('{"__proto__":1,"a":2}');
  });

  it('refuses non-finite numbers', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow(TypeError);
    expect(() => canonicalJson([Infinity])).toThrow(TypeError);
  });

  it('property: independent of key order', () => {
    fc.assert(
      fc.property(json, fc.nat(), (v, seed) => {
        const c = canonicalJson(v);
        expect(canonicalJson(reordered(v))).toBe(c);
        expect(canonicalJson(shuffled(v, seed))).toBe(c);
        expect(sha256Hex(canonicalJson(shuffled(v, seed)))).toBe(sha256Hex(c));
      }),
      { numRuns: 300 },
    );
  });

  it('property: round trip, JSON.parse gives back an equal value, and canonical of that is the same text', () => {
    fc.assert(
      fc.property(json, (v) => {
        const c = canonicalJson(v);
        const back = JSON.parse(c);
        expect(back).toEqual(JSON.parse(JSON.stringify(v)));
        expect(canonicalJson(back)).toBe(c);
      }),
      { numRuns: 300 },
    );
  });

  it('property: different values give different texts (injective on JSON values)', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        const same = canonicalJson(a) === canonicalJson(b);
        expect(same).toBe(canonicalJson(JSON.parse(JSON.stringify(a))) === canonicalJson(JSON.parse(JSON.stringify(b))));
        if (same) expect(JSON.parse(canonicalJson(a))).toEqual(JSON.parse(canonicalJson(b)));
      }),
    );
  });

  it('chainHash links an event to the previous hash', () => {
    const e = { seq: '1', action: 'x' };
    const h1 = chainHash(GENESIS_HASH, e);
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { action: 'x', seq: '1' })).toBe(h1);
    expect(chainHash(h1, e)).not.toBe(h1);
    expect(chainHash(GENESIS_HASH, { ...e, action: 'y' })).not.toBe(h1);
  });
});

import * as fc from 'fast-check';
import WebSocket from 'ws';
import { TokenBucket, wsFrame } from './collab-connection';
import { withName } from './doc-room';

/** ws's own frame builder (exported as `WebSocket.Sender`, not in its type definitions). */
const Sender = (WebSocket as unknown as { Sender: { frame(data: Buffer, opts: Record<string, unknown>): Buffer[] } }).Sender;

describe('wsFrame', () => {
  it('builds byte for byte the frame ws sends for a binary message (every length class)', () => {
    for (const len of [0, 1, 125, 126, 127, 65535, 65536, 70000]) {
      const msg = new Uint8Array(len).map((_, i) => i % 251);
      const [head, data] = Sender.frame(Buffer.from(msg), { fin: true, opcode: 2, mask: false, readOnly: false, rsv1: false });
      expect(wsFrame(msg)).toEqual(Buffer.concat([head, data ?? Buffer.alloc(0)]));
    }
  });
});

describe('TokenBucket', () => {
  it('allows the burst, then the rate', async () => {
    const b = new TokenBucket(100, 10);
    let ok = 0;
    for (let i = 0; i < 50; i++) if (b.take()) ok++;
    expect(ok).toBe(10);
    await new Promise((r) => setTimeout(r, 60));
    ok = 0;
    for (let i = 0; i < 50; i++) if (b.take()) ok++;
    expect(ok).toBeGreaterThanOrEqual(5);
    expect(ok).toBeLessThanOrEqual(10);
  });
});

describe('withName', () => {
  it('puts the account name in user.name and keeps the rest', () => {
    expect(JSON.parse(withName('{"user":{"name":"Faux","color":"#123"},"cursor":{"anchor":3}}', 'Claire Martin')!)).toEqual({
      user: { name: 'Claire Martin', color: '#123' },
      cursor: { anchor: 3 },
    });
    expect(JSON.parse(withName('{}', 'Léa')!)).toEqual({ user: { name: 'Léa' } });
    expect(JSON.parse(withName('{"user":"x"}', 'Léa')!)).toEqual({ user: { name: 'Léa' } });
    expect(JSON.parse(withName('[1,2]', 'Léa')!)).toEqual({ user: { name: 'Léa' } });
    expect(JSON.parse(withName('42', 'Léa')!)).toEqual({ user: { name: 'Léa' } });
    expect(withName('null', 'Léa')).toBe('null');
    expect(withName('{pas du json', 'Léa')).toBeNull();
  });

  it('always yields JSON whose user.name is the account name, whatever the client sends', () => {
    fc.assert(
      fc.property(fc.json(), fc.string(), (state, name) => {
        const out = withName(state, name);
        if (JSON.parse(state) === null) return expect(out).toBe('null');
        expect(JSON.parse(out!).user.name).toBe(name);
      }),
      { numRuns: 500 },
    );
  });
});

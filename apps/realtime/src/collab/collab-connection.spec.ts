import type { AddressInfo } from 'node:net';
import * as fc from 'fast-check';
import WebSocket, { WebSocketServer } from 'ws';
import { CollabConnection, TokenBucket, wsFrame } from './collab-connection';
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

describe('CollabConnection.sendFrame', () => {
  const connection = (ws: WebSocket) => new CollabConnection(ws, 'u', 'U', 'doc', false, new TokenBucket(1, 1), 'participant', false);

  it('writes the frame on the raw socket and returns what ws would report as buffered', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    try {
      await new Promise((resolve) => wss.once('listening', resolve));
      const serverSide = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
      const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate: false });
      const received: Buffer[] = [];
      client.on('message', (data: Buffer) => received.push(data));
      const conn = connection(await serverSide);
      const small = new Uint8Array([0, 2, 1, 2, 3]);
      expect(conn.sendFrame(wsFrame(small), small)).toBe(conn.buffered);
      // big enough to stay partly in the socket's buffer
      const big = new Uint8Array(8 * 1024 * 1024).map((_, i) => i % 7);
      const buffered = conn.sendFrame(wsFrame(big), big);
      expect(buffered).toBe(conn.buffered);
      expect(buffered).toBeGreaterThan(0);
      await new Promise<void>((resolve) => {
        const check = () => (received.length === 2 ? resolve() : setTimeout(check, 5));
        check();
      });
      expect(new Uint8Array(received[0])).toEqual(small);
      expect(Buffer.compare(received[1], Buffer.from(big))).toBe(0);
      client.terminate();
    } finally {
      await new Promise((resolve) => wss.close(resolve));
    }
  });

  it('falls back to ws.send without a raw socket, and sends nothing once closed', () => {
    const send = jest.fn();
    const ws = { readyState: WebSocket.OPEN, send, bufferedAmount: 42 } as unknown as WebSocket;
    const conn = connection(ws);
    const msg = new Uint8Array([0, 2, 0]);
    expect(conn.sendFrame(wsFrame(msg), msg)).toBe(42);
    expect(send).toHaveBeenCalledWith(msg);
    conn.closed = true;
    expect(conn.sendFrame(wsFrame(msg), msg)).toBe(0);
    expect(send).toHaveBeenCalledTimes(1);
  });
});

describe('TokenBucket', () => {
  it('allows the burst, then the rate', () => {
    // the clock is Jest's (performance.now included): 60 ms pass exactly, whatever the machine
    jest.useFakeTimers();
    try {
      const b = new TokenBucket(100, 10);
      let ok = 0;
      for (let i = 0; i < 50; i++) if (b.take()) ok++;
      expect(ok).toBe(10);
      jest.advanceTimersByTime(60);
      ok = 0;
      for (let i = 0; i < 50; i++) if (b.take()) ok++;
      expect(ok).toBe(6); // 100 a second for 60 ms
      jest.advanceTimersByTime(1000);
      ok = 0;
      for (let i = 0; i < 50; i++) if (b.take()) ok++;
      expect(ok).toBe(10); // never more than the burst
    } finally {
      jest.useRealTimers();
    }
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

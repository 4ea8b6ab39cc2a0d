import type { AddressInfo } from 'node:net';
import * as fc from 'fast-check';
import WebSocket, { WebSocketServer } from 'ws';
import { waitFor } from '../../../../test/drafts/support/collab-client';
import { asBuffer, CollabConnection, TokenBucket } from './collab-connection';
import { presenceColor, PresenceUser, GroupRole } from '@app/domain';
import { colorFor } from '../../../web/src/lib/format';
import { withUser } from './room-presence';

describe('CollabConnection.send', () => {
  const connection = (ws: WebSocket, detach: (c: CollabConnection) => void = () => undefined) =>
    new CollabConnection(ws, 'u', 'U', 'doc', false, new TokenBucket(1, 1), 'participant', false, detach);

  it('sends one shared buffer to several receivers through ws.send, byte for byte, and reports what ws buffers', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    const clients: WebSocket[] = [];
    try {
      await new Promise((resolve) => wss.once('listening', resolve));
      const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
      const received: Buffer[][] = [[], []];
      const conns: CollabConnection[] = [];
      for (let i = 0; i < 2; i++) {
        const serverSide = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
        const client = new WebSocket(url, { perMessageDeflate: false });
        client.on('message', (data: Buffer) => received[i].push(data));
        clients.push(client);
        conns.push(connection(await serverSide));
      }
      const small = asBuffer(new Uint8Array([0, 2, 1, 2, 3]));
      // big enough to stay partly in the socket's buffer
      const big = asBuffer(new Uint8Array(8 * 1024 * 1024).map((_, i) => i % 7));
      for (const c of conns) {
        expect(c.send('update', small)).toBe(c.buffered);
        const buffered = c.send('update', big);
        expect(buffered).toBe(c.buffered);
        expect(buffered).toBeGreaterThan(0);
      }
      await waitFor(() => received.every((r) => r.length === 2), 30_000, 'both messages on both clients');
      for (const r of received) {
        expect(new Uint8Array(r[0])).toEqual(new Uint8Array(small));
        expect(Buffer.compare(r[1], big)).toBe(0);
      }
      // the shared buffers were not modified by the sends
      expect([...small]).toEqual([0, 2, 1, 2, 3]);
    } finally {
      for (const c of clients) c.terminate();
      await new Promise((resolve) => wss.close(resolve));
    }
  });

  it('close detaches once, then closes the socket with the code; nothing is sent after', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    try {
      await new Promise((resolve) => wss.once('listening', resolve));
      const serverSide = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
      const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate: false });
      const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
      const received: Buffer[] = [];
      client.on('message', (data: Buffer) => received.push(data));
      const detached: CollabConnection[] = [];
      const conn = connection(await serverSide, (c) => detached.push(c));
      conn.close(4403, 'Accès refusé');
      conn.close(4400, 'encore');
      expect(detached).toEqual([conn]);
      expect(conn.closed).toBe(true);
      expect(conn.send('update', new Uint8Array([0, 2, 0]))).toBe(0);
      expect(await closed).toBe(4403);
      expect(received).toEqual([]);
    } finally {
      await new Promise((resolve) => wss.close(resolve));
    }
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

describe('withUser', () => {
  const user: PresenceUser = { name: 'Claire Martin', role: 'participant', color: '#18753c' };

  it('replaces the whole user field by the server\'s and keeps the rest', () => {
    expect(JSON.parse(withUser('{"user":{"name":"Faux","role":"admin","color":"#123","extra":1},"cursor":{"anchor":3}}', user)!)).toEqual({
      user,
      cursor: { anchor: 3 },
    });
    expect(JSON.parse(withUser('{}', user)!)).toEqual({ user });
    expect(JSON.parse(withUser('{"user":"x"}', user)!)).toEqual({ user });
    expect(JSON.parse(withUser('[1,2]', user)!)).toEqual({ user });
    expect(JSON.parse(withUser('42', user)!)).toEqual({ user });
    expect(withUser('null', user)).toBe('null');
    expect(withUser('{pas du json', user)).toBeNull();
  });

  it('always yields JSON whose user is exactly the server\'s, whatever the client sends', () => {
    fc.assert(
      fc.property(fc.json(), fc.string(), fc.constantFrom<GroupRole | null>('facilitator', 'participant', 'observer', null), (state, name, role) => {
        const u: PresenceUser = { name, role, color: presenceColor(name) };
        const out = withUser(state, u);
        if (JSON.parse(state) === null) return expect(out).toBe('null');
        expect(JSON.parse(out!).user).toEqual(u);
      }),
      { numRuns: 500 },
    );
  });
});

describe('presenceColor', () => {
  it('is the web app\'s colour of the account (apps/web colorFor)', () => {
    fc.assert(fc.property(fc.string(), (id) => expect(presenceColor(id)).toBe(colorFor(id))));
  });
});

import * as fc from 'fast-check';
import { fromBase64, parseSseBlock, readSse, SseEvent, toBase64 } from './drafts-http-client';

describe('the HTTP-draft protocol client (shared by the web app, the tests and the bench)', () => {
  it('base64 round-trips any bytes, and matches Node’s encoding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
        const b = toBase64(bytes);
        expect(b).toBe(Buffer.from(bytes).toString('base64'));
        expect(fromBase64(b)).toEqual(bytes);
      }),
      { numRuns: 50 },
    );
  });

  it('parses event blocks: id, event, multi-line data; comments are not events', () => {
    expect(parseSseBlock('id: a.1\nevent: update\ndata: AAE=')).toEqual({ id: 'a.1', event: 'update', data: 'AAE=' });
    expect(parseSseBlock('event: hello\ndata: {"a":\ndata: 1}')).toEqual({ id: null, event: 'hello', data: '{"a":\n1}' });
    expect(parseSseBlock('data:x')).toEqual({ id: null, event: 'message', data: 'x' });
    expect(parseSseBlock(': ping')).toBeNull();
    expect(parseSseBlock('retry: 2000')).toBeNull();
  });

  it('reads a stream cut anywhere into chunks, in order', async () => {
    const text = 'retry: 2000\n\nid: c.1\nevent: hello\ndata: {"connectionId":"c","canWrite":true}\n\n: ping\n\nid: c.2\nevent: saved\ndata: AA==\n\n';
    const bytes = new TextEncoder().encode(text);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 8 }), async (cuts) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const body = new ReadableStream<Uint8Array>({
          start(c) {
            for (let i = 0; i + 1 < bounds.length; i++) c.enqueue(bytes.slice(bounds[i], bounds[i + 1]));
            c.close();
          },
        });
        const events: SseEvent[] = [];
        await readSse(body, (e) => events.push(e));
        expect(events.map((e) => `${e.id} ${e.event}`)).toEqual(['c.1 hello', 'c.2 saved']);
      }),
      { numRuns: 50 },
    );
  });
});

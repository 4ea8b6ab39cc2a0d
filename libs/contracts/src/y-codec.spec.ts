import * as fc from 'fast-check';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import {
  AwarenessEntry,
  decodeAwarenessUpdate,
  decodeClientMessage,
  decodeMessage,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeMessage,
  encodeQueryAwareness,
  encodeSavedAck,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  ServerMessage,
  YDecodeError,
} from './y-codec';

/** Runs a decoder and reports: 'ok', or 'decode-error'; anything else thrown fails the test. */
function outcome(f: () => unknown): 'ok' | 'decode-error' {
  try {
    f();
    return 'ok';
  } catch (err) {
    if (err instanceof YDecodeError) return 'decode-error';
    throw err;
  }
}

const lib0VarUint = (n: number) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, n);
  return encoding.toUint8Array(e);
};

const bytes = (max = 64) => fc.uint8Array({ maxLength: max });
const stateVector = fc
  .array(fc.tuple(fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 2 ** 40 })), { maxLength: 5 })
  .map((pairs) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, pairs.length);
    for (const [c, k] of pairs) {
      encoding.writeVarUint(e, c);
      encoding.writeVarUint(e, k);
    }
    return encoding.toUint8Array(e);
  });
const awarenessEntry: fc.Arbitrary<AwarenessEntry> = fc.record({
  clientId: fc.nat({ max: 2 ** 32 - 1 }),
  clock: fc.nat({ max: 2 ** 31 }),
  state: fc.oneof(fc.constant('null'), fc.json()),
});
const message: fc.Arbitrary<ServerMessage> = fc.oneof(
  stateVector.map((sv) => ({ kind: 'sync-step-1' as const, stateVector: sv })),
  bytes().map((u) => ({ kind: 'sync-step-2' as const, update: u })),
  bytes().map((u) => ({ kind: 'update' as const, update: u })),
  fc.array(awarenessEntry, { maxLength: 4 }).map((entries) => ({ kind: 'awareness' as const, update: encodeAwarenessUpdate(entries), entries })),
  fc.constant({ kind: 'query-awareness' as const }),
  stateVector.map((sv) => ({ kind: 'saved-ack' as const, stateVector: sv })),
);

describe('y-websocket codec', () => {
  it('decodes what y-protocols encodes (sync step 1/2, update, awareness)', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'Bonjour');
    const e1 = encoding.createEncoder();
    encoding.writeVarUint(e1, 0);
    syncProtocol.writeSyncStep1(e1, doc);
    const m1 = decodeClientMessage(encoding.toUint8Array(e1));
    expect(m1).toEqual({ kind: 'sync-step-1', stateVector: Y.encodeStateVector(doc) });

    const e2 = encoding.createEncoder();
    encoding.writeVarUint(e2, 0);
    syncProtocol.writeSyncStep2(e2, doc, new Uint8Array([0]));
    const m2 = decodeClientMessage(encoding.toUint8Array(e2));
    expect(m2.kind).toBe('sync-step-2');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, (m2 as { update: Uint8Array }).update);
    expect(copy.getText('t').toString()).toBe('Bonjour');

    const e3 = encoding.createEncoder();
    encoding.writeVarUint(e3, 0);
    syncProtocol.writeUpdate(e3, Y.encodeStateAsUpdate(doc));
    expect(decodeClientMessage(encoding.toUint8Array(e3)).kind).toBe('update');

    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: 'Claire', color: '#000091' }, cursor: null });
    const e4 = encoding.createEncoder();
    encoding.writeVarUint(e4, 1);
    encoding.writeVarUint8Array(e4, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
    const m4 = decodeClientMessage(encoding.toUint8Array(e4));
    expect(m4).toMatchObject({ kind: 'awareness', entries: [{ clientId: doc.clientID, clock: 1 }] });
    expect(JSON.parse((m4 as { entries: AwarenessEntry[] }).entries[0].state)).toEqual({ user: { name: 'Claire', color: '#000091' }, cursor: null });
    awareness.destroy();
  });

  it('encodes what y-protocols decodes, byte for byte like lib0', () => {
    fc.assert(
      fc.property(fc.array(awarenessEntry, { maxLength: 5 }), (entries) => {
        const update = encodeAwarenessUpdate(entries);
        const other = new awarenessProtocol.Awareness(new Y.Doc());
        awarenessProtocol.applyAwarenessUpdate(other, update, 'test');
        for (const e of entries) {
          // y-protocols keeps the highest clock per client: check only entries it took
          const meta = other.meta.get(e.clientId);
          if (meta && meta.clock === e.clock && e.state !== 'null') expect(other.getStates().get(e.clientId)).toEqual(JSON.parse(e.state));
        }
        other.destroy();
        const dec = decoding.createDecoder(update);
        expect(decoding.readVarUint(dec)).toBe(entries.length);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (n) => {
        const frame = encodeSavedAck(new Uint8Array(0));
        expect(frame).toEqual(Uint8Array.of(100, 0));
        // our varints are lib0's varints
        const msg = encodeUpdate(new Uint8Array(0));
        expect(msg).toEqual(Uint8Array.of(0, 2, 0));
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, n);
        const lib0 = encoding.toUint8Array(e);
        const ours = decodeAwarenessUpdate(Uint8Array.from([...lib0VarUint(1), ...lib0, 0, 4, 110, 117, 108, 108]));
        expect(ours[0].clientId).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips every message kind', () => {
    fc.assert(
      fc.property(message, (msg) => {
        const frame = encodeMessage(msg);
        const back = decodeMessage(frame);
        expect(back).toEqual(msg);
        expect(encodeMessage(back)).toEqual(frame);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but YDecodeError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (frame) => {
        outcome(() => decodeClientMessage(frame));
        outcome(() => decodeMessage(frame));
        outcome(() => decodeAwarenessUpdate(frame));
      }),
      { numRuns: 5000 },
    );
  });

  it('never throws anything but YDecodeError on frames that start like real messages', () => {
    const prefix = fc.constantFrom(
      [0],
      [0, 0],
      [0, 1],
      [0, 2],
      [0, 3],
      [1],
      [1, 5, 1],
      [3],
      [100],
      [2, 0],
      [0x80],
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    );
    fc.assert(
      fc.property(prefix, fc.uint8Array({ maxLength: 60 }), (p, rest) => {
        const frame = Uint8Array.from([...p, ...rest]);
        outcome(() => decodeClientMessage(frame));
      }),
      { numRuns: 5000 },
    );
  });

  it('rejects every truncation of a valid message with YDecodeError', () => {
    fc.assert(
      fc.property(message, fc.nat(), (msg, cut) => {
        const frame = encodeMessage(msg);
        const len = cut % frame.length; // strictly shorter
        expect(outcome(() => decodeMessage(frame.subarray(0, len)))).toBe('decode-error');
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects trailing bytes, unknown types and server-only messages', () => {
    fc.assert(
      fc.property(message, fc.uint8Array({ minLength: 1, maxLength: 8 }), (msg, extra) => {
        const frame = encodeMessage(msg);
        expect(outcome(() => decodeMessage(Uint8Array.from([...frame, ...extra])))).toBe('decode-error');
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 2 ** 31 }).filter((t) => t !== 100), bytes(), (type, rest) => {
        expect(outcome(() => decodeClientMessage(Uint8Array.from([...lib0VarUint(type), ...rest])))).toBe('decode-error');
      }),
      { numRuns: 500 },
    );
    expect(() => decodeClientMessage(Uint8Array.of(2, 0, 0))).toThrow(YDecodeError);
    expect(() => decodeClientMessage(encodeSavedAck(Uint8Array.of(0)))).toThrow(YDecodeError);
    expect(() => decodeClientMessage(Uint8Array.of(0, 7, 0))).toThrow(/sous-type/);
  });

  it('refuses huge lengths and counts without allocating them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: Number.MAX_SAFE_INTEGER }), bytes(16), (huge, rest) => {
        const h = lib0VarUint(huge);
        for (const frame of [
          [0, 2, ...h, ...rest], // update longer than the frame
          [0, 0, ...lib0VarUint(rest.length + 2), ...h, ...rest], // state vector with a huge count
          [1, ...lib0VarUint(h.length + rest.length), ...h, ...rest], // awareness with a huge count
          [1, ...lib0VarUint(3 + h.length + rest.length), 1, 1, 1, ...h, ...rest], // awareness state with a huge length
        ]) {
          expect(outcome(() => decodeClientMessage(Uint8Array.from(frame)))).toBe('decode-error');
        }
      }),
      { numRuns: 500 },
    );
    // a varint longer than 53 bits
    expect(() => decodeClientMessage(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01))).toThrow(YDecodeError);
    expect(() => decodeClientMessage(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f))).toThrow(/hors limites/);
  });

  it('rejects invalid UTF-8 in an awareness state', () => {
    const update = Uint8Array.of(1, 5, 1, 2, 0xc3, 0x28);
    expect(() => decodeClientMessage(encodeAwareness(update))).toThrow(/UTF-8/);
  });

  it('encodes the fixed frames', () => {
    expect(encodeQueryAwareness()).toEqual(Uint8Array.of(3));
    expect(encodeSyncStep1(Uint8Array.of(0))).toEqual(Uint8Array.of(0, 0, 1, 0));
    expect(encodeSyncStep2(Uint8Array.of(0, 0))).toEqual(Uint8Array.of(0, 1, 2, 0, 0));
    const big = new Uint8Array(300).fill(7);
    const frame = encodeUpdate(big);
    const dec = decoding.createDecoder(frame);
    expect([decoding.readVarUint(dec), decoding.readVarUint(dec)]).toEqual([0, 2]);
    expect(decoding.readVarUint8Array(dec)).toEqual(big);
  });
});

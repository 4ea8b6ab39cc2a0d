/**
 * The y-websocket wire format (y-protocols sync + awareness, plus our saved acknowledgement),
 * as pure code: no framework, no Yjs. Decoding never throws anything but a YDecodeError, never
 * reads past the frame and never allocates from a length it has not checked against the bytes
 * that are actually there. Encoders compute the size first and fill one buffer.
 *
 * Frames: `[varUint type][payload]`, one message per websocket frame.
 * - 0 sync: `[varUint subtype][varUint8Array payload]`; 0 step 1 (state vector), 1 step 2 (update), 2 update
 * - 1 awareness: `[varUint8Array awarenessUpdate]`, awarenessUpdate = `[varUint n]` then n ×
 *   `[varUint clientId][varUint clock][varString stateJson]`
 * - 3 query awareness: no payload
 * - 100 saved acknowledgement (server → client only): `[varUint8Array stateVector]`
 */

export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3, SavedAck: 100 } as const;
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const;

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The JSON text of the state; `'null'` when the client left. */
  state: string;
}

export type ClientMessage =
  | { kind: 'sync-step-1'; stateVector: Uint8Array }
  | { kind: 'sync-step-2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array; entries: AwarenessEntry[] }
  | { kind: 'query-awareness' };

export type ServerMessage = ClientMessage | { kind: 'saved-ack'; stateVector: Uint8Array };

/** The only error a decoder throws. */
export class YDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YDecodeError';
  }
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  varUint(): number {
    let value = 0;
    let mult = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= this.buf.length) throw new YDecodeError('varint tronqué');
      const byte = this.buf[this.pos++];
      value += (byte & 0x7f) * mult;
      if (byte < 0x80) {
        if (value > Number.MAX_SAFE_INTEGER) throw new YDecodeError('entier hors limites');
        return value;
      }
      mult *= 128;
    }
    throw new YDecodeError('varint trop long');
  }

  /** A view (no copy) of the next `varUint length` bytes. */
  varUint8Array(): Uint8Array {
    const len = this.varUint();
    if (len > this.remaining) throw new YDecodeError(`longueur ${len} au-delà de la fin du message`);
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  varString(): string {
    const bytes = this.varUint8Array();
    try {
      return utf8Decoder.decode(bytes);
    } catch {
      throw new YDecodeError('chaîne UTF-8 invalide');
    }
  }

  end(): void {
    if (this.pos !== this.buf.length) throw new YDecodeError(`${this.remaining} octet(s) en trop en fin de message`);
  }
}

/** Checks the structure of an encoded Yjs state vector: `[n]` then n × `[client][clock]`, nothing after. */
export function validateStateVector(sv: Uint8Array): void {
  const r = new Reader(sv);
  const n = r.varUint();
  if (n * 2 > r.remaining) throw new YDecodeError('vecteur d’état tronqué');
  for (let i = 0; i < n; i++) {
    r.varUint();
    r.varUint();
  }
  r.end();
}

/** Parses an awareness update (the payload of an awareness message). */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const r = new Reader(update);
  const n = r.varUint();
  // each entry takes at least 3 bytes: refuse a count the bytes cannot hold before looping
  if (n * 3 > r.remaining) throw new YDecodeError('mise à jour de présence tronquée');
  const entries: AwarenessEntry[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const clientId = r.varUint();
    const clock = r.varUint();
    entries[i] = { clientId, clock, state: r.varString() };
  }
  r.end();
  return entries;
}

/** Decodes one frame sent by a client. Throws YDecodeError on anything but a well-formed client message. */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  const msg = decodeMessage(frame);
  if (msg.kind === 'saved-ack') throw new YDecodeError('type de message réservé au serveur');
  return msg;
}

/** Decodes one frame of either direction (clients decode the saved acknowledgement with it). */
export function decodeMessage(frame: Uint8Array): ServerMessage {
  if (!(frame instanceof Uint8Array)) throw new YDecodeError('message non binaire');
  const r = new Reader(frame);
  const type = r.varUint();
  switch (type) {
    case MessageType.Sync: {
      const sub = r.varUint();
      const payload = r.varUint8Array();
      r.end();
      if (sub === SyncType.Step1) {
        validateStateVector(payload);
        return { kind: 'sync-step-1', stateVector: payload };
      }
      if (sub === SyncType.Step2) return { kind: 'sync-step-2', update: payload };
      if (sub === SyncType.Update) return { kind: 'update', update: payload };
      throw new YDecodeError(`sous-type de synchronisation inconnu : ${sub}`);
    }
    case MessageType.Awareness: {
      const update = r.varUint8Array();
      r.end();
      return { kind: 'awareness', update, entries: decodeAwarenessUpdate(update) };
    }
    case MessageType.QueryAwareness:
      r.end();
      return { kind: 'query-awareness' };
    case MessageType.SavedAck: {
      const stateVector = r.varUint8Array();
      r.end();
      validateStateVector(stateVector);
      return { kind: 'saved-ack', stateVector };
    }
    default:
      throw new YDecodeError(`type de message non pris en charge : ${type}`);
  }
}

// ------------------------------------------------------------------------------------ encoding

function varUintSize(n: number): number {
  let size = 1;
  while (n > 0x7f) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

function writeVarUint(buf: Uint8Array, pos: number, n: number): number {
  while (n > 0x7f) {
    buf[pos++] = 0x80 | (n & 0x7f);
    n = Math.floor(n / 128);
  }
  buf[pos++] = n;
  return pos;
}

/** `[type][subtype?][varUint8Array payload]` in one allocation. */
function envelope(type: number, sub: number | null, payload: Uint8Array): Uint8Array {
  const size = varUintSize(type) + (sub === null ? 0 : varUintSize(sub)) + varUintSize(payload.length) + payload.length;
  const out = new Uint8Array(size);
  let pos = writeVarUint(out, 0, type);
  if (sub !== null) pos = writeVarUint(out, pos, sub);
  pos = writeVarUint(out, pos, payload.length);
  out.set(payload, pos);
  return out;
}

export const encodeSyncStep1 = (stateVector: Uint8Array) => envelope(MessageType.Sync, SyncType.Step1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array) => envelope(MessageType.Sync, SyncType.Step2, update);
export const encodeUpdate = (update: Uint8Array) => envelope(MessageType.Sync, SyncType.Update, update);
export const encodeAwareness = (awarenessUpdate: Uint8Array) => envelope(MessageType.Awareness, null, awarenessUpdate);
export const encodeSavedAck = (stateVector: Uint8Array) => envelope(MessageType.SavedAck, null, stateVector);
export const encodeQueryAwareness = () => Uint8Array.of(MessageType.QueryAwareness);

/** An awareness update (the payload of an awareness message) from entries. */
export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const strings = entries.map((e) => utf8Encoder.encode(e.state));
  let size = varUintSize(entries.length);
  entries.forEach((e, i) => (size += varUintSize(e.clientId) + varUintSize(e.clock) + varUintSize(strings[i].length) + strings[i].length));
  const out = new Uint8Array(size);
  let pos = writeVarUint(out, 0, entries.length);
  entries.forEach((e, i) => {
    pos = writeVarUint(out, pos, e.clientId);
    pos = writeVarUint(out, pos, e.clock);
    pos = writeVarUint(out, pos, strings[i].length);
    out.set(strings[i], pos);
    pos += strings[i].length;
  });
  return out;
}

/** Encodes any message (tests and tools; the server uses the specific encoders above). */
export function encodeMessage(msg: ServerMessage): Uint8Array {
  switch (msg.kind) {
    case 'sync-step-1':
      return encodeSyncStep1(msg.stateVector);
    case 'sync-step-2':
      return encodeSyncStep2(msg.update);
    case 'update':
      return encodeUpdate(msg.update);
    case 'awareness':
      return encodeAwareness(encodeAwarenessUpdate(msg.entries));
    case 'query-awareness':
      return encodeQueryAwareness();
    case 'saved-ack':
      return encodeSavedAck(msg.stateVector);
  }
}

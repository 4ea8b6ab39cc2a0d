import { ConfigError } from '@app/core';

/** Limits and timings of the live-draft server, read once at start (environment, validated). */
export interface CollabConfig {
  /** Largest websocket frame (`ws` maxPayload): above it the connection is closed with 1009. */
  maxFrameBytes: number;
  /** Largest encoded document: an update that would make it bigger is refused (close 4413). */
  maxDocBytes: number;
  /** Largest awareness (presence) state of one client, in bytes of JSON. */
  maxAwarenessBytes: number;
  /** Token bucket per connection: sustained messages per second and burst; empty bucket → 4429. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Compact the update log into a snapshot after this many stored updates… */
  compactEvery: number;
  /** …or once the document has been idle (no stored update) this long. */
  compactIdleMs: number;
  /** A document with no connection is dropped from memory after this delay (once its writes are done). */
  unloadGraceMs: number;
  /** Safety net behind the bus events: re-read who may do what on open documents this often. */
  recheckMs: number;
  /** A receiver whose socket buffers more than this is too slow: closed (1013), it reconnects and resyncs. */
  maxBufferedBytes: number;
}

export const COLLAB_CONFIG = Symbol('COLLAB_CONFIG');

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  return n;
}

export function loadCollabConfig(env: Env = process.env): CollabConfig {
  const MiB = 1024 * 1024;
  return {
    maxFrameBytes: int(env, 'COLLAB_MAX_FRAME_BYTES', MiB, 1024, 64 * MiB),
    maxDocBytes: int(env, 'COLLAB_MAX_DOC_BYTES', 16 * MiB, 1024, 1024 * MiB),
    maxAwarenessBytes: int(env, 'COLLAB_MAX_AWARENESS_BYTES', 8 * 1024, 256, MiB),
    messagesPerSecond: int(env, 'COLLAB_MESSAGES_PER_SECOND', 300, 1, 10_000_000),
    messageBurst: int(env, 'COLLAB_MESSAGE_BURST', 3000, 1, 10_000_000),
    compactEvery: int(env, 'COLLAB_COMPACT_EVERY', 1000, 1, 10_000_000),
    compactIdleMs: int(env, 'COLLAB_COMPACT_IDLE_MS', 5000, 10, 3_600_000),
    unloadGraceMs: int(env, 'COLLAB_UNLOAD_GRACE_MS', 10_000, 0, 3_600_000),
    recheckMs: int(env, 'COLLAB_RECHECK_MS', 30_000, 100, 3_600_000),
    maxBufferedBytes: int(env, 'COLLAB_MAX_BUFFERED_BYTES', 32 * MiB, 64 * 1024, 1024 * MiB),
  };
}

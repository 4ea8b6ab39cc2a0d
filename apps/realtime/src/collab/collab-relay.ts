import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { APP_CONFIG, AppConfig } from '@app/core';

export type RelayMessage =
  | { kind: 'updates'; ids: number[]; updates: Uint8Array[] }
  | { kind: 'awareness'; update: Uint8Array }
  /** A node just loaded the document: the others answer with their clients' presence. */
  | { kind: 'presence-query' };

const KIND_UPDATES = 1;
const KIND_AWARENESS = 2;
const KIND_PRESENCE_QUERY = 3;

/**
 * Presence posted over HTTP on a node that does not hold the poster's event stream (no sticky
 * sessions): the node that received the POST asks every node on one channel
 * (`<namespace>:collab-streams`); the node holding the stream applies it and answers.
 */
export type StreamMessage =
  | { kind: 'presence'; requestId: string; from: string; connectionId: string; userId: string; docName: string; update: string }
  | { kind: 'presence-result'; requestId: string; to: string; status: number; message?: string };

/**
 * Multi-node live drafts (REDIS_URL set): each node publishes the updates it has STORED (with
 * their log ids) and the presence changes of its clients on one channel per document
 * (`<namespace>:collab:<docName>`); the other nodes holding the document apply them and relay
 * them to their clients. Without Redis every method is a no-op.
 */
@Injectable()
export class CollabRelay implements OnApplicationShutdown {
  private readonly logger = new Logger('CollabRelay');
  private readonly origin = randomUUID();
  private readonly prefix: string;
  private readonly handlers = new Map<string, (msg: RelayMessage) => void>();
  private pub?: Redis;
  private sub?: Redis;
  private starting?: Promise<void>;
  private readonly reconnectListeners: (() => void)[] = [];
  private readonly streamsChannel: string;
  private streamHandler?: (msg: StreamMessage) => void;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.prefix = `${config.redisNamespace}:collab:`;
    this.streamsChannel = `${config.redisNamespace}:collab-streams`;
  }

  /** This node's id on the relay (messages it published come back to it and are ignored). */
  get nodeId(): string {
    return this.origin;
  }

  get enabled(): boolean {
    return !!this.config.redisUrl;
  }

  /** Listens to the HTTP-streams channel (presence posted on another node); resolves once subscribed. */
  async subscribeStreams(handler: (msg: StreamMessage) => void): Promise<void> {
    if (!this.enabled) return;
    await this.start();
    this.streamHandler = handler;
    await this.sub!.subscribe(this.streamsChannel);
  }

  /** Publishes on the HTTP-streams channel; resolves with how many subscribers (nodes, this one included) received it. */
  async publishStream(msg: StreamMessage): Promise<number> {
    if (!this.enabled) return 0;
    await this.start();
    return this.pub!.publish(this.streamsChannel, JSON.stringify(msg));
  }

  private start(): Promise<void> {
    if (!this.config.redisUrl) return Promise.resolve();
    this.starting ??= (async () => {
      this.pub = new Redis(this.config.redisUrl!, { lazyConnect: true, maxRetriesPerRequest: 3 });
      this.sub = new Redis(this.config.redisUrl!, { lazyConnect: true });
      this.pub.on('error', (err) => this.logger.warn(`Redis (publish): ${err.message}`));
      this.sub.on('error', (err) => this.logger.warn(`Redis (subscribe): ${err.message}`));
      await Promise.all([this.pub.connect(), this.sub.connect()]);
      // after a reconnect (ioredis resubscribes by itself) publications of the outage are lost: catch up
      this.sub.on('ready', () => this.reconnectListeners.forEach((f) => f()));
      this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString('utf8'), message));
    })();
    return this.starting;
  }

  /** Called after the subscriber reconnected to Redis (messages may have been missed meanwhile). */
  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  /** Subscribes to a document's channel; resolves once Redis confirmed (call it BEFORE loading the document). */
  async subscribe(docName: string, handler: (msg: RelayMessage) => void): Promise<void> {
    if (!this.enabled) return;
    await this.start();
    this.handlers.set(docName, handler);
    await this.sub!.subscribe(this.prefix + docName);
  }

  async unsubscribe(docName: string): Promise<void> {
    if (!this.enabled || !this.handlers.delete(docName)) return;
    await this.sub?.unsubscribe(this.prefix + docName).catch(() => undefined);
  }

  publishUpdates(docName: string, ids: number[], updates: Uint8Array[]): void {
    if (!this.pub) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, KIND_UPDATES);
    encoding.writeVarString(e, this.origin);
    encoding.writeVarUint(e, ids.length);
    ids.forEach((id, i) => {
      encoding.writeVarUint(e, id);
      encoding.writeVarUint8Array(e, updates[i]);
    });
    this.publish(docName, encoding.toUint8Array(e));
  }

  publishAwareness(docName: string, update: Uint8Array): void {
    if (!this.pub) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, KIND_AWARENESS);
    encoding.writeVarString(e, this.origin);
    encoding.writeVarUint8Array(e, update);
    this.publish(docName, encoding.toUint8Array(e));
  }

  publishPresenceQuery(docName: string): void {
    if (!this.pub) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, KIND_PRESENCE_QUERY);
    encoding.writeVarString(e, this.origin);
    this.publish(docName, encoding.toUint8Array(e));
  }

  private publish(docName: string, payload: Uint8Array): void {
    // Already stored: a lost publication only delays the other nodes (their periodic catch-up reads the log).
    this.pub!.publish(this.prefix + docName, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)).catch((err) =>
      this.logger.error(`could not publish on ${docName}: ${(err as Error).message}`),
    );
  }

  private receive(channel: string, message: Buffer): void {
    if (channel === this.streamsChannel) return this.receiveStream(message);
    if (!channel.startsWith(this.prefix)) return;
    const handler = this.handlers.get(channel.slice(this.prefix.length));
    if (!handler) return;
    try {
      const d = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
      const kind = decoding.readVarUint(d);
      if (decoding.readVarString(d) === this.origin) return;
      if (kind === KIND_UPDATES) {
        const n = decoding.readVarUint(d);
        const ids: number[] = [];
        const updates: Uint8Array[] = [];
        for (let i = 0; i < n; i++) {
          ids.push(decoding.readVarUint(d));
          updates.push(decoding.readVarUint8Array(d));
        }
        handler({ kind: 'updates', ids, updates });
      } else if (kind === KIND_AWARENESS) {
        handler({ kind: 'awareness', update: decoding.readVarUint8Array(d) });
      } else if (kind === KIND_PRESENCE_QUERY) {
        handler({ kind: 'presence-query' });
      }
    } catch (err) {
      this.logger.warn(`dropped a malformed relay message on ${channel}: ${(err as Error).message}`);
    }
  }

  private receiveStream(message: Buffer): void {
    let msg: StreamMessage;
    try {
      msg = JSON.parse(message.toString('utf8')) as StreamMessage;
    } catch {
      return this.logger.warn('dropped a malformed message on the HTTP-streams channel');
    }
    this.streamHandler?.(msg);
  }

  async onApplicationShutdown(): Promise<void> {
    this.handlers.clear();
    this.streamHandler = undefined;
    await Promise.all([this.pub?.quit().catch(() => undefined), this.sub?.quit().catch(() => undefined)]);
    this.pub = this.sub = undefined;
  }
}

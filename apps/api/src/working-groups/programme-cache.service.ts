import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventBus } from '@app/bus';
import { createHash } from 'node:crypto';
import type { Response } from 'express';

/** How long an entry may live without any invalidation (a safety net for a lost bus message). */
export const CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 5_000;

/** A response body serialised once, with its ETag: Express then neither re-hashes nor re-encodes it. */
export class SerializedJson {
  readonly body: Buffer;
  readonly etag: string;
  constructor(value: unknown) {
    this.body = Buffer.from(JSON.stringify(value), 'utf8');
    this.etag = `W/"${createHash('sha1').update(this.body).digest('base64url').slice(0, 27)}"`;
  }
}

/** Sends a cached body as is (304 when the client already has it). */
export function sendJson(res: Response, json: SerializedJson): void {
  res.status(200).setHeader('ETag', json.etag);
  res.type('application/json; charset=utf-8').send(json.body);
}

/** Entries that live CACHE_TTL_MS at most and are all dropped by `clear()`. */
export class CacheStore<T> {
  private readonly entries = new Map<string, { value: T; until: number }>();
  /** Bumped by every invalidation: a load that started before it does not store its result. */
  generation = 0;

  async get(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const generation = this.generation;
    const value = await load();
    if (value !== undefined && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { value, until: now + CACHE_TTL_MS });
    }
    return value;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}

/**
 * Read cache of the programme's hot reads (a group's recommendation pages, the roadmap); group
 * roles are cached by GroupAccess with the same store. Every write to axes, groups, recommendations and milestones goes through this
 * API's services, which call `changed()` after their commit: the event reaches every node (Redis
 * bus) and each drops its entries. A
 * generation counter keeps a read that raced with a change from storing the old state.
 * Cached values are shared: never mutate what `read` returns.
 */
@Injectable()
export class ProgrammeCache implements OnModuleInit, OnModuleDestroy {
  private readonly reads = new CacheStore<unknown>();
  private readonly offs: (() => void)[] = [];

  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    this.offs.push(this.bus.subscribe('programme.changed', () => this.reads.clear()));
  }

  onModuleDestroy(): void {
    this.offs.forEach((off) => off());
  }

  read<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.reads.get(key, load) as Promise<T>;
  }

  /** Like `read`, for a response body: serialised once, sent as is on every hit (see `sendJson`). */
  json(key: string, load: () => Promise<unknown>): Promise<SerializedJson> {
    return this.read(key, async () => new SerializedJson(await load()));
  }

  /** After a commit that changed the programme: drops this node's entries and tells the others. */
  async changed(workingGroupId: string | null): Promise<void> {
    this.reads.clear();
    await this.bus.publish('programme.changed', { workingGroupId });
  }
}

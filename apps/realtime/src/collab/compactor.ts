import type { DocRoom } from './doc-room';

const MIN_COMPACTION_INTERVAL_MS = 5000;

/**
 * Folds a document's update log into its snapshot, in the background, so that a load reads one
 * row and a short log. It knows which log ids the in-memory document holds (every id up to
 * `loadedThrough`, and `appliedIds`): a compaction captures the state with the ids it holds, and
 * edits go on being stored and relayed while the snapshot is written (see DraftStore.compact).
 */
export class Compactor {
  /** Log ids known to be in the document: every id ≤ loadedThrough, and appliedIds. */
  private loadedThrough = 0;
  private readonly appliedIds = new Set<number>();
  private rowsSinceCompaction = 0;
  compacting = false;
  /** When the last compaction started (performance.now()). */
  private lastCompactionAt = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly room: DocRoom) {}

  /** The document was (re)loaded from the database up to `lastUpdateId`; `logRows`: the log rows after its snapshot (first load). */
  loaded(lastUpdateId: string | number, logRows?: number): void {
    this.loadedThrough = Math.max(this.loadedThrough, Number(lastUpdateId));
    if (logRows !== undefined) this.rowsSinceCompaction = logRows;
  }

  /** Log rows now in the document (stored here, or relayed from another node). */
  stored(ids: number[]): void {
    for (const id of ids) this.appliedIds.add(id);
    this.rowsSinceCompaction += ids.length;
  }

  /** Log rows stored since the last compaction that this room knows of (loaded, written or relayed). */
  get needed(): boolean {
    return this.room.ready && !this.room.disposed && this.rowsSinceCompaction > 0;
  }

  /** Rewriting the snapshot costs its size: a big document is compacted after more updates (one per 256 bytes of snapshot: the log stays under a third of the snapshot when updates are small). */
  private get threshold(): number {
    return Math.max(this.room.host.config.compactEvery, Math.floor(this.room.limits.estimatedBytes / 256));
  }

  /** After a load or a write: compacts now if the log is long, else once the document is idle. */
  schedule(): void {
    const rows = this.rowsSinceCompaction;
    const threshold = this.threshold;
    // Each compaction rewrites the whole snapshot: under a burst (a paste, an import, a client
    // replaying its offline edits) at most one every MIN_COMPACTION_INTERVAL_MS, unless the log
    // reaches 4× the threshold (which bounds what a load after a crash replays).
    if (rows >= threshold && (rows >= 4 * threshold || performance.now() - this.lastCompactionAt >= MIN_COMPACTION_INTERVAL_MS)) {
      return this.now();
    }
    // one timer per room, pushed back by each write (no new timer per update)
    if (this.timer) this.timer.refresh();
    else {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.now();
      }, this.room.host.config.compactIdleMs);
      this.timer.unref();
    }
  }

  /** After the first load: compacts at once if the log is already past the threshold. */
  scheduleIfLong(): void {
    if (this.rowsSinceCompaction >= this.threshold) this.now();
  }

  private now(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.compacting || this.room.rebuilding || this.room.disposed || this.rowsSinceCompaction === 0) return;
    void this.compact().finally(() => {
      if (this.room.idle) this.room.host.roomIdle(this.room);
    });
  }

  /** Before an unload: fold the log into a snapshot so that the next load is one read. */
  async beforeUnload(): Promise<void> {
    if (this.rowsSinceCompaction > 0 && !this.compacting) await this.compact();
  }

  /**
   * At shutdown, once everything is stored: folds the log into the snapshot, so that the next
   * start loads one row instead of replaying the log. Waits first for a compaction already in
   * flight (rows may have been stored after its cut). A failure is logged by `compact` and loses
   * nothing (one transaction). Not started past `deadline`. Whether the log is folded now.
   */
  async atShutdown(deadline: number): Promise<boolean> {
    this.dispose();
    await this.settle(deadline);
    if (!this.needed) return true;
    if (this.compacting || this.room.rebuilding || Date.now() >= deadline) return false;
    return this.compact();
  }

  /** Waits (until `deadline`) for a compaction in flight to end: at shutdown the pool closes next. */
  async settle(deadline: number): Promise<void> {
    while (this.compacting && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Whether it went through (false: failed, logged; the log is kept). */
  private async compact(): Promise<boolean> {
    const room = this.room;
    this.compacting = true;
    this.lastCompactionAt = performance.now();
    try {
      // never a state tainted by an update Yjs failed to apply
      if (room.rebuilding) throw new Error('document being rebuilt');
      // the in-memory state may hold unsaved updates too: storing more than the log is harmless
      const state = room.fullState();
      const loadedThrough = this.loadedThrough;
      const known = new Set(this.appliedIds);
      const estimatedAtCapture = room.limits.estimatedBytes;
      const res = await room.host.store.compact(room.name, {
        state,
        appliedThrough: (ids) => {
          let through: number | null = null;
          for (const id of ids) {
            if (id <= loadedThrough || known.has(id)) through = id;
            else break;
          }
          return through;
        },
      });
      if (res.through !== null) {
        const upTo = Number(res.through);
        for (const id of this.appliedIds) if (id <= upTo) this.appliedIds.delete(id);
        this.loadedThrough = Math.max(this.loadedThrough, upTo);
        this.rowsSinceCompaction = this.appliedIds.size;
        if (!room.rebuilding) room.limits.estimatedBytes = res.bytes + Math.max(0, room.limits.estimatedBytes - estimatedAtCapture);
      }
      return true;
    } catch (err) {
      if (room.rebuilding) room.host.logger.warn(`${room.name}: compaction skipped, the document is being rebuilt`);
      else room.host.logger.error(`${room.name}: compaction failed: ${(err as Error).message}`);
      return false;
    } finally {
      this.compacting = false;
    }
  }
}

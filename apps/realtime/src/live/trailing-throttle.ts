interface KeyState {
  /** The next run, when one is scheduled. */
  next?: NodeJS.Timeout;
  /** Forgets the key when nothing happened for an interval after the last run. */
  idle?: NodeJS.Timeout;
  running: boolean;
  dirty: boolean;
  lastEnd: number;
}

/**
 * Per-key throttle, trailing edge: at most one run of `work` per key every `intervalMs`
 * (measured from the end of one run to the start of the next, so what the runs emit is spaced
 * at least that much apart), and a trigger that arrives during or after a run always causes
 * one more run after it. The last run therefore starts after the last trigger: what it reads
 * is at least as recent as the change that triggered it.
 */
export class TrailingThrottle {
  private readonly keys = new Map<string, KeyState>();
  private closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly work: (key: string) => Promise<void>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  trigger(key: string): void {
    if (this.closed) return;
    let s = this.keys.get(key);
    if (!s) {
      s = { running: false, dirty: false, lastEnd: -Infinity };
      this.keys.set(key, s);
    }
    if (s.running) s.dirty = true;
    else if (!s.next) this.schedule(key, s);
  }

  /** Drops the scheduled run of a key (a run in progress finishes; nothing follows it). */
  cancel(key: string): void {
    const s = this.keys.get(key);
    if (!s) return;
    clearTimeout(s.next);
    clearTimeout(s.idle);
    this.keys.delete(key);
  }

  close(): void {
    this.closed = true;
    for (const s of this.keys.values()) {
      clearTimeout(s.next);
      clearTimeout(s.idle);
    }
    this.keys.clear();
  }

  /** Keys with a scheduled, running or recent run. */
  get size(): number {
    return this.keys.size;
  }

  private schedule(key: string, s: KeyState): void {
    clearTimeout(s.idle);
    s.idle = undefined;
    const wait = Math.max(0, s.lastEnd + this.intervalMs - this.now());
    s.next = setTimeout(() => void this.run(key, s), wait);
  }

  private async run(key: string, s: KeyState): Promise<void> {
    s.next = undefined;
    s.running = true;
    try {
      await this.work(key);
    } catch {
      // the work reports its own errors; a failed run must not stop the later ones
    } finally {
      s.running = false;
      s.lastEnd = this.now();
    }
    if (this.closed || this.keys.get(key) !== s) return; // cancelled meanwhile
    if (s.dirty) {
      s.dirty = false;
      this.schedule(key, s);
      return;
    }
    s.idle = setTimeout(() => {
      if (this.keys.get(key) === s && !s.running && !s.next) this.keys.delete(key);
    }, this.intervalMs);
    s.idle.unref();
  }
}

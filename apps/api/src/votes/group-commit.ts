/**
 * Group commit: work submitted while a batch is being written waits and goes, all together, into
 * the next one. An idle system writes a request at once (a batch of one); under load, one
 * transaction and one WAL flush carry many requests. `run` answers each item with a result or an
 * Error (that item's refusal); if it throws, every item of the batch gets that error.
 */
export class GroupCommit<T, R> {
  private queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = 0;

  constructor(
    private readonly run: (items: T[]) => Promise<(R | Error)[]>,
    private readonly maxBatch = 200,
    private readonly maxConcurrent = 2,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.maxConcurrent && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.running++;
      this.run(batch.map((b) => b.item))
        .then(
          (results) => results.forEach((r, i) => (r instanceof Error ? batch[i].reject(r) : batch[i].resolve(r))),
          (err) => batch.forEach((b) => b.reject(err)),
        )
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }
}

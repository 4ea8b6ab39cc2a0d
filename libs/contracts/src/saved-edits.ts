/**
 * The client side of the saved-ack rule: which local edits the server has not confirmed as
 * stored yet, for an honest « Enregistré ». Pure code (no Yjs): state vectors come in decoded.
 *
 * A saved acknowledgement (`[100, stateVector]` on /collab, a POST's answer or a `saved` event
 * over HTTP) tells the stored state vector. That covers an edit that inserted something: its
 * client's clock moved, and the edit is stored once the stored clock reaches it. A delete-only
 * edit does not move any clock, so no state vector can say it is stored: it waits for a round
 * trip instead, a request sent after the edit whose answer means "everything before is stored"
 * (on /collab the answer to a sync step 1, which the server sends only once its cut is
 * committed; over HTTP the 200 of the POST that carried it). `barrier()` names such a request:
 * every edit recorded before it; `confirmed(barrier)` is its answer.
 */

/** What is kept across reloads: `[client, clock]` for an insert, `[client, clock, 1]` for a delete-only edit. */
export type SavedMark = [number, number] | [number, number, 1];

interface Pending {
  client: number;
  /** The client's clock after the edit (an insert); unchanged for a delete-only edit. */
  clock: number;
  deleteOnly: boolean;
  /** Order of recording: a barrier covers every edit with `seq <= barrier`. */
  seq: number;
}

export class SavedEdits {
  private readonly stored = new Map<number, number>();
  private pending: Pending[] = [];
  private seq = 0;

  /** Local edits not confirmed stored. */
  get count(): number {
    return this.pending.length;
  }

  /** Whether some edit can only be confirmed by a round trip (a delete-only edit). */
  get needsRoundTrip(): boolean {
    return this.pending.some((p) => p.deleteOnly);
  }

  /**
   * A local edit of `client`, whose clock went from `clockBefore` to `clockAfter` (equal for a
   * delete-only edit). Returns true when it waits for a round trip.
   */
  edit(client: number, clockBefore: number, clockAfter: number): boolean {
    const deleteOnly = clockAfter <= clockBefore;
    this.pending.push({ client, clock: clockAfter, deleteOnly, seq: ++this.seq });
    return deleteOnly;
  }

  /** A saved acknowledgement: the stored state vector. Clears the inserts it covers. */
  savedStateVector(stateVector: Map<number, number>): void {
    for (const [client, clock] of stateVector) if ((this.stored.get(client) ?? 0) < clock) this.stored.set(client, clock);
    this.pending = this.pending.filter((p) => p.deleteOnly || (this.stored.get(p.client) ?? 0) < p.clock);
  }

  /** A round trip starts: its answer will cover every edit recorded so far. */
  barrier(): number {
    return this.seq;
  }

  /**
   * The answer of the round trip started at `barrier`: the delete-only edits recorded before it
   * are stored. Inserts still wait for a state vector that covers them (it comes with the same
   * answer), which keeps an insert the server refused or dropped from ever counting as stored.
   */
  confirmed(barrier: number): void {
    this.pending = this.pending.filter((p) => !p.deleteOnly || p.seq > barrier);
  }

  /** For keeping in the browser (the clocks of inserts, and delete-only edits). */
  toJSON(): SavedMark[] {
    return this.pending.map((p) => (p.deleteOnly ? [p.client, p.clock, 1] : [p.client, p.clock]));
  }

  /**
   * Edits kept from an earlier page: inserts wait for a state vector that covers them again,
   * delete-only edits for a round trip of this page. Malformed entries are skipped.
   */
  restore(marks: unknown): void {
    if (!Array.isArray(marks)) return;
    // recorded now: only a round trip that starts from now on covers them (the edits may reach
    // the document, from the browser's copy, after a request already on its way)
    const seq = ++this.seq;
    const earlier: Pending[] = [];
    for (const m of marks) {
      if (!Array.isArray(m) || (m.length !== 2 && m.length !== 3) || !m.every((n) => Number.isSafeInteger(n) && n >= 0)) continue;
      earlier.push({ client: m[0], clock: m[1], deleteOnly: m.length === 3, seq });
    }
    this.pending = [...earlier, ...this.pending];
    this.savedStateVector(new Map());
  }
}

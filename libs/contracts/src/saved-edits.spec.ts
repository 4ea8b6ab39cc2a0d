import * as fc from 'fast-check';
import { SavedEdits } from './saved-edits';

const sv = (entries: [number, number][]) => new Map(entries);

describe('SavedEdits: honest « Enregistré »', () => {
  it('an insert is stored once a saved state vector reaches its clock', () => {
    const s = new SavedEdits();
    expect(s.edit(7, 0, 5)).toBe(false);
    expect(s.count).toBe(1);
    s.savedStateVector(sv([[7, 4]]));
    expect(s.count).toBe(1);
    s.savedStateVector(sv([[7, 5]]));
    expect(s.count).toBe(0);
  });

  it('a delete-only edit is NOT saved by a state vector that already covers the clock (the bug: clocks do not move on a delete)', () => {
    const s = new SavedEdits();
    s.edit(7, 0, 5);
    s.savedStateVector(sv([[7, 5]]));
    expect(s.count).toBe(0);
    // Backspace: the clock stays at 5
    expect(s.edit(7, 5, 5)).toBe(true);
    expect(s.count).toBe(1);
    expect(s.needsRoundTrip).toBe(true);
    // a saved-ack of another client's commit, or one cut before the delete reached the server
    s.savedStateVector(sv([[7, 5], [9, 3]]));
    expect(s.count).toBe(1);
  });

  it('a delete-only edit is stored once a round trip started after it is answered, not one started before', () => {
    const s = new SavedEdits();
    const before = s.barrier();
    s.edit(7, 5, 5);
    s.confirmed(before);
    expect(s.count).toBe(1);
    const after = s.barrier();
    s.edit(7, 5, 5); // another delete during the round trip
    s.confirmed(after);
    expect(s.count).toBe(1);
    s.confirmed(s.barrier());
    expect(s.count).toBe(0);
    expect(s.needsRoundTrip).toBe(false);
  });

  it('a round trip does not confirm inserts: they wait for a state vector (an insert the server dropped never counts as stored)', () => {
    const s = new SavedEdits();
    s.edit(7, 0, 3);
    s.confirmed(s.barrier());
    expect(s.count).toBe(1);
    s.savedStateVector(sv([[7, 3]]));
    expect(s.count).toBe(0);
  });

  it('kept across a reload: inserts and delete-only edits, a delete waiting for a round trip of the new page', () => {
    const s = new SavedEdits();
    s.edit(7, 0, 4);
    s.edit(7, 4, 4);
    expect(s.toJSON()).toEqual([[7, 4], [7, 4, 1]]);
    const again = new SavedEdits();
    const early = again.barrier(); // a request of the new page already on its way
    again.edit(8, 0, 2);
    again.restore(JSON.parse(JSON.stringify(s.toJSON())));
    expect(again.count).toBe(3);
    again.confirmed(early);
    expect(again.count).toBe(3);
    again.savedStateVector(sv([[7, 4], [8, 2]]));
    expect(again.count).toBe(1);
    again.confirmed(again.barrier());
    expect(again.count).toBe(0);
  });

  it('skips malformed kept entries', () => {
    const s = new SavedEdits();
    s.restore([[1, 2], 'x', [1], [1, 2, 3, 4], [-1, 2], [1.5, 2], [3, 4, 1], null]);
    expect(s.toJSON()).toEqual([[1, 2], [3, 4, 1]]);
    s.restore('not a list');
    expect(s.count).toBe(2);
  });

  it('never says saved while an edit is neither covered by a stored clock nor by an answered round trip (random histories)', () => {
    type Step = { kind: 'insert'; n: number } | { kind: 'delete' } | { kind: 'ack'; upTo: number } | { kind: 'start' } | { kind: 'answer' };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), n: fc.integer({ min: 1, max: 5 }) }),
      fc.constant({ kind: 'delete' as const }),
      fc.record({ kind: fc.constant('ack' as const), upTo: fc.integer({ min: 0, max: 60 }) }),
      fc.constant({ kind: 'start' as const }),
      fc.constant({ kind: 'answer' as const }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const s = new SavedEdits();
        const client = 1;
        let clock = 0;
        let stored = 0;
        // the model: each edit, and whether it is known stored
        const edits: { clock: number; del: boolean; seq: number; ok: boolean }[] = [];
        // round trips in flight, answered in order: the model's edit count and the tracker's barrier
        const trips: { model: number; barrier: number }[] = [];
        let seq = 0;
        for (const st of steps) {
          if (st.kind === 'insert') {
            s.edit(client, clock, clock + st.n);
            clock += st.n;
            edits.push({ clock, del: false, seq: ++seq, ok: stored >= clock });
          } else if (st.kind === 'delete') {
            s.edit(client, clock, clock);
            edits.push({ clock, del: true, seq: ++seq, ok: false });
          } else if (st.kind === 'ack') {
            stored = Math.max(stored, Math.min(st.upTo, clock));
            s.savedStateVector(new Map([[client, stored]]));
            for (const e of edits) if (!e.del && stored >= e.clock) e.ok = true;
          } else if (st.kind === 'start') {
            trips.push({ model: seq, barrier: s.barrier() });
          } else if (trips.length) {
            const trip = trips.shift()!;
            s.confirmed(trip.barrier);
            for (const e of edits) if (e.del && e.seq <= trip.model) e.ok = true;
          }
          expect(s.count).toBe(edits.filter((e) => !e.ok).length);
        }
      }),
    );
  });
});

import fc from 'fast-check';
import { TrailingThrottle } from './trailing-throttle';

describe('TrailingThrottle', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Runs the timers and the promises they start until nothing is left. */
  async function settle(ms: number) {
    for (let t = 0; t < ms; t += 10) {
      await jest.advanceTimersByTimeAsync(10);
    }
  }

  it('runs at once, then at most once an interval, and always once after the last trigger', async () => {
    const runs: { at: number; seen: number }[] = [];
    let counter = 0;
    const t = new TrailingThrottle(250, async () => {
      runs.push({ at: Date.now(), seen: counter });
    });
    const start = Date.now();
    for (let i = 0; i < 40; i++) {
      counter++;
      t.trigger('v');
      await jest.advanceTimersByTimeAsync(25); // 40 triggers a second for a second
    }
    await settle(1000);
    expect(runs[0].at - start).toBeLessThan(25);
    for (let i = 1; i < runs.length; i++) expect(runs[i].at - runs[i - 1].at).toBeGreaterThanOrEqual(250);
    expect(runs.length).toBeLessThanOrEqual(6);
    expect(runs[runs.length - 1].seen).toBe(40); // the last run saw the last change
    expect(t.size).toBe(0); // forgotten once idle
  });

  it('keeps the keys apart and cancels a scheduled run', async () => {
    const runs: string[] = [];
    const t = new TrailingThrottle(100, async (k) => {
      runs.push(k);
    });
    t.trigger('a');
    t.trigger('b');
    await settle(20);
    t.trigger('a');
    t.trigger('b');
    t.cancel('b');
    await settle(300);
    expect(runs).toEqual(['a', 'b', 'a']);
  });

  it('spaces runs from the end of the previous one, even when a run is slow', async () => {
    const ends: number[] = [];
    const starts: number[] = [];
    const t = new TrailingThrottle(100, async () => {
      starts.push(Date.now());
      await new Promise((r) => setTimeout(r, 180));
      ends.push(Date.now());
    });
    t.trigger('v');
    await settle(50);
    t.trigger('v'); // during the run
    t.trigger('v');
    await settle(1000);
    expect(starts).toHaveLength(2);
    expect(starts[1] - ends[0]).toBeGreaterThanOrEqual(100);
  });

  it('property: emissions are spaced by the interval and the last one follows the last trigger', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 30 }), async (gaps) => {
        const runs: { at: number; seen: number }[] = [];
        let version = 0;
        const t = new TrailingThrottle(50, async () => {
          runs.push({ at: Date.now(), seen: version });
        });
        for (const gap of gaps) {
          version++;
          t.trigger('k');
          await jest.advanceTimersByTimeAsync(gap);
        }
        await jest.advanceTimersByTimeAsync(500);
        t.close();
        for (let i = 1; i < runs.length; i++) if (runs[i].at - runs[i - 1].at < 50) return false;
        return runs.length > 0 && runs[runs.length - 1].seen === gaps.length;
      }),
      { numRuns: 50 },
    );
  });
});

import { TokenBucket } from './rate-limiter';

describe('TokenBucket', () => {
  it('lets a burst through, then the average rate, and counts refusals in a row', () => {
    let now = 0;
    const b = new TokenBucket(10, 20, () => now);
    let passed = 0;
    for (let i = 0; i < 30; i++) if (b.take()) passed++;
    expect(passed).toBe(20);
    expect(b.overflow).toBe(10);
    now += 1000; // one second: 10 more
    passed = 0;
    for (let i = 0; i < 30; i++) if (b.take()) passed++;
    expect(passed).toBe(10);
    now += 100;
    expect(b.take()).toBe(true);
    expect(b.overflow).toBe(0);
  });
});

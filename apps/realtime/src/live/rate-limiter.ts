/**
 * Token bucket of one socket: `ratePerSecond` events a second on average, bursts up to
 * `burst`. `take()` says whether an event may pass; `overflow` counts the refused ones in a
 * row, so that a client that keeps flooding can be disconnected.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  overflow = 0;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.overflow = 0;
      return true;
    }
    this.overflow++;
    return false;
  }
}

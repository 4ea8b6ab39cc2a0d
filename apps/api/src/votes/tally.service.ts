import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventBus } from '@app/bus';
import { Vote } from '@app/database';
import { hasLiveTally, tallyNeedsOptions, tallyVote } from '@app/domain';
import { VotesRepository } from './votes.repository';
import { toResultsResponse } from './vote.response';

/** At most 4 `vote.tally` events a second per vote (the live gateway throttles too). */
export const TALLY_INTERVAL_MS = 250;

interface Pending {
  timer?: NodeJS.Timeout;
  running: boolean;
  again: boolean;
  last: number;
}

/**
 * Computes a vote's results from the database (the truth), and publishes live tallies of open,
 * live, public votes: a trailing throttle per vote, so the last ballot is always reflected.
 */
@Injectable()
export class TallyService implements OnModuleDestroy {
  private readonly logger = new Logger('Tally');
  private readonly pending = new Map<string, Pending>();
  private destroyed = false;

  constructor(
    private readonly repo: VotesRepository,
    private readonly bus: EventBus,
  ) {}

  /** Reads the ballot box and the roll; the counting is libs/domain `tallyVote`. */
  async compute(vote: Vote, manager?: EntityManager): Promise<Record<string, unknown>> {
    const electorate = () => this.repo.electorate(vote, manager);
    const ballots = () => this.repo.ballots(vote, manager);
    const options = async () => (tallyNeedsOptions(vote.method) ? ((await this.repo.optionsOf([vote.id], manager)).get(vote.id) ?? []) : []);
    // a transaction is one connection: its reads go one after the other (pg queues queries sent
    // side by side on one client, a use it deprecates); outside one, the pool runs them together
    const [e, b, o] = manager ? [await electorate(), await ballots(), await options()] : await Promise.all([electorate(), ballots(), options()]);
    return tallyVote(vote, b, e, o.map((x) => x.id));
  }

  /** Called after a ballot of a live public vote commits. */
  ballotCast(vote: Vote): void {
    if (!hasLiveTally(vote) || this.destroyed) return;
    let p = this.pending.get(vote.id);
    if (!p) this.pending.set(vote.id, (p = { running: false, again: false, last: 0 }));
    if (p.timer) return; // a run is scheduled and will read every ballot committed until then
    if (p.running) {
      p.again = true;
      return;
    }
    const wait = Math.max(0, p.last + TALLY_INTERVAL_MS - Date.now());
    p.timer = setTimeout(() => void this.run(vote, p), wait);
    p.timer.unref?.();
  }

  /** The vote closed: no more live tallies for it. */
  forget(voteId: string): void {
    const p = this.pending.get(voteId);
    if (p?.timer) clearTimeout(p.timer);
    this.pending.delete(voteId);
  }

  private async run(vote: Vote, p: Pending): Promise<void> {
    p.timer = undefined;
    p.running = true;
    p.last = Date.now();
    try {
      // one snapshot: the vote's status and its ballots as of the same instant
      const tally = await this.repo.snapshot(async (m) => {
        const current = await this.repo.findVote(vote.id, m);
        return current?.status === 'open' ? { current, results: await this.compute(current, m) } : null;
      });
      if (tally) {
        const { current, results } = tally;
        await this.bus.publish('vote.tally', { voteId: current.id, workingGroupId: current.workingGroupId, sessionId: current.sessionId, results: toResultsResponse(current, results) });
      }
    } catch (err) {
      if (!this.destroyed) this.logger.error(`live tally of vote ${vote.id} failed: ${(err as Error).message}`);
    } finally {
      p.running = false;
      if (p.again && this.pending.get(vote.id) === p) {
        p.again = false;
        this.ballotCast(vote);
      }
    }
  }

  onModuleDestroy(): void {
    this.destroyed = true;
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
    this.pending.clear();
  }
}

import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import { EventBus } from '@app/bus';
import { LiveEvent, PlatformEvents } from '@app/contracts';
import { LiveAccess } from './live.access';
import { rooms, TALLY_INTERVAL_MS } from './live.constants';
import { TrailingThrottle } from './trailing-throttle';

interface PendingTally {
  sessionId: string | null;
  workingGroupId: string;
  results: unknown;
}

/** Ballots counted in a tally (`cast`), or -1 when the results do not say. */
function castOf(results: unknown): number {
  const cast = (results as { cast?: unknown } | null)?.cast;
  return typeof cast === 'number' ? cast : -1;
}

/** A vote closed less than this long ago gets no more `vote:tally`. */
const CLOSED_MEMORY_MS = 60_000;

/**
 * Relays the API's bus events to the session rooms. Every node receives every bus event once
 * and emits it to its OWN sockets only (`.local`): a watcher gets each event exactly once,
 * from the node it is connected to, whichever node served the API call.
 *
 * Routing: session events (`session:phase`, `timer`) to the session's room; votes to their
 * session's room, or, for a vote without a session, to every session room of the group;
 * `draft:locked` to every session room of the recommendation's group (a lock concerns anyone
 * who may be editing that draft, whatever the agenda says).
 */
@Injectable()
export class LiveRelay implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('LiveRelay');
  private ns?: Namespace;
  private readonly unsubscribe: (() => void)[] = [];
  /** The latest tally of each vote and where it goes, waiting for the throttle. */
  private readonly latestTally = new Map<string, PendingTally>();
  private readonly recentlyClosed = new Map<string, number>();
  private readonly tallies = new TrailingThrottle(TALLY_INTERVAL_MS, (voteId) => this.sendTally(voteId));

  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    private readonly access: LiveAccess,
  ) {}

  /** The gateway hands its namespace over once socket.io is up. */
  attach(ns: Namespace): void {
    this.ns = ns;
  }

  onModuleInit(): void {
    const on = <K extends keyof PlatformEvents>(name: K, handler: (p: PlatformEvents[K]) => void) => this.unsubscribe.push(this.bus.subscribe(name, handler));
    on('session.phase', (e) => this.to(rooms.session(e.sessionId))?.emit(LiveEvent.Phase, { sessionId: e.sessionId, phase: e.phase }));
    on('timer.set', (e) => this.to(rooms.session(e.sessionId))?.emit(LiveEvent.Timer, { sessionId: e.sessionId, endsAt: e.endsAt }));
    on('recommendation.locked', (e) => this.to(rooms.group(e.workingGroupId))?.emit(LiveEvent.DraftLocked, { recommendationId: e.recommendationId, locked: e.locked }));
    on('recommendation.status', (e) => this.to(rooms.group(e.workingGroupId))?.emit(LiveEvent.RecommendationStatus, { recommendationId: e.recommendationId, status: e.status }));
    on('amendment.submitted', (e) => {
      for (const id of e.sessionIds) this.to(rooms.session(id))?.emit(LiveEvent.AmendmentSubmitted, { recommendationId: e.recommendationId, amendmentId: e.amendmentId });
    });
    on('amendment.decided', (e) => {
      for (const id of e.sessionIds) this.to(rooms.session(id))?.emit(LiveEvent.AmendmentDecided, { recommendationId: e.recommendationId, amendmentId: e.amendmentId, status: e.status });
    });
    on('vote.opened', (e) => {
      this.recentlyClosed.delete(e.voteId);
      this.voteRoom(e)?.emit(LiveEvent.VoteOpened, { voteId: e.voteId });
    });
    on('vote.tally', (e) => {
      if (this.recentlyClosed.has(e.voteId) || e.results === undefined || e.results === null) return;
      const previous = this.latestTally.get(e.voteId);
      // tallies computed by different API nodes may arrive out of order: never go back to fewer ballots
      if (previous && castOf(e.results) < castOf(previous.results)) return;
      this.latestTally.set(e.voteId, { sessionId: e.sessionId, workingGroupId: e.workingGroupId, results: e.results });
      this.tallies.trigger(e.voteId);
    });
    on('vote.closed', (e) => {
      this.tallies.cancel(e.voteId);
      this.latestTally.delete(e.voteId);
      this.rememberClosed(e.voteId);
      this.voteRoom(e)?.emit(LiveEvent.VoteClosed, { voteId: e.voteId, results: e.results });
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe.splice(0).forEach((off) => off());
    this.tallies.close();
    this.ns = undefined;
  }

  /** This node's sockets in a room; undefined before socket.io is up or after shutdown. */
  private to(room: string) {
    return this.ns?.local.to(room);
  }

  private voteRoom(e: { sessionId: string | null; workingGroupId: string }) {
    return this.to(e.sessionId ? rooms.session(e.sessionId) : rooms.group(e.workingGroupId));
  }

  /**
   * The trailing edge of the tally throttle: the latest tally received for the vote. Checked
   * against the vote itself: never a tally of a secret vote, of a vote whose results are shown
   * only after close, or of a vote that is no longer open.
   */
  private async sendTally(voteId: string): Promise<void> {
    const pending = this.latestTally.get(voteId);
    if (!pending || !this.ns) return;
    try {
      const vote = await this.access.vote(voteId);
      if (!vote || vote.secret || vote.resultsVisibility !== 'live' || vote.status !== 'open' || this.recentlyClosed.has(voteId)) return;
      const latest = this.latestTally.get(voteId) ?? pending;
      this.voteRoom(latest)?.emit(LiveEvent.VoteTally, { voteId, results: latest.results });
    } catch (err) {
      this.log.warn(`tally of vote ${voteId} not sent: ${(err as Error).message}`);
    }
  }

  private rememberClosed(voteId: string): void {
    const now = Date.now();
    this.recentlyClosed.set(voteId, now);
    for (const [id, at] of this.recentlyClosed) if (now - at > CLOSED_MEMORY_MS) this.recentlyClosed.delete(id);
  }
}

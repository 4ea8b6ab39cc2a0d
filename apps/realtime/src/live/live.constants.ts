/** Limits and names of the live-session namespace. */

/** Largest socket.io message accepted (engine.io closes the connection above). */
export const LIVE_MAX_PAYLOAD_BYTES = 64 * 1024;
/** Events a socket may emit: 10 a second on average, bursts of 20. */
export const LIVE_RATE_PER_SECOND = 10;
export const LIVE_RATE_BURST = 20;
/** A socket refused this many events in a row is disconnected. */
export const LIVE_RATE_DISCONNECT_AFTER = 50;
/** Sessions one socket may follow at once. */
export const LIVE_MAX_SESSIONS_PER_SOCKET = 20;
/** `vote:tally` at most 4 a second per vote. */
export const TALLY_INTERVAL_MS = 250;
/** Presence changes of a session within this delay are sent as one `presence` event. */
export const PRESENCE_DEBOUNCE_MS = 25;

export const rooms = {
  session: (id: string) => `session:${id}`,
  /** Every socket that follows one session of the group: group-wide events (locks, votes without a session). */
  group: (id: string) => `group:${id}`,
};

/** What a live socket carries (socket.data, visible to every node through fetchSockets). */
export interface LiveSocketData {
  userId: string;
  displayName: string;
}

/** The acknowledgement of every client event: `{ok: true, ...}` or `{error, code}`. */
export type LiveAck = ({ ok: true } & Record<string, unknown>) | { error: string; code: string };

export const ackError = (code: string, error: string): LiveAck => ({ error, code });

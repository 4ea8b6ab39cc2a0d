import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { tokens } from '../api/client';
import { auth } from '../api/endpoints';
import type { RecommendationStatus, SessionPhase, VoteResults } from '../api/types';

/** Handlers of the live events of a session (socket.io `/live`). All optional. */
export interface LiveHandlers {
  onPhase?(e: { sessionId: string; phase: SessionPhase }): void;
  onVoteOpened?(e: { voteId: string }): void;
  onVoteTally?(e: { voteId: string; results: VoteResults }): void;
  onVoteClosed?(e: { voteId: string; results: VoteResults }): void;
  onDraftLocked?(e: { recommendationId: string; locked: boolean }): void;
  /** A vote's outcome changed a recommendation's status (v2). */
  onRecommendationStatus?(e: { recommendationId: string; status: RecommendationStatus }): void;
  onAmendmentSubmitted?(e: { recommendationId: string; amendmentId: string }): void;
  onAmendmentDecided?(e: { recommendationId: string; amendmentId: string; status: string }): void;
  /** After every (re)connection and join: events may have been missed, re-read over REST. */
  onResync?(): void;
}

export interface LiveSessionState {
  connected: boolean;
  joined: boolean;
  users: { userId: string; displayName: string }[];
  /** End of the session's timer (ISO), or null. */
  endsAt: string | null;
  error: string | null;
  /** Facilitators: starts (seconds) or stops (null) the timer. Resolves with an error message or null. */
  setTimer(seconds: number | null): Promise<string | null>;
}

/**
 * Follows a session live: connects to `/live` with the token, joins the session's room, and
 * rejoins (then asks the page to re-read REST) after every reconnection.
 */
export function useLiveSession(sessionId: string | null | undefined, handlers: LiveHandlers): LiveSessionState {
  const [connected, setConnected] = useState(false);
  const [joined, setJoined] = useState(false);
  const [users, setUsers] = useState<LiveSessionState['users']>([]);
  const [endsAt, setEndsAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const socketRef = useRef<Socket | null>(null);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    if (!sessionId) return;
    const socket = io('/live', {
      path: '/socket.io',
      // the websocket first (several instances behind a load balancer need no sticky sessions);
      // where a proxy refuses websockets, long polling (one instance, or sticky sessions)
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      // a websocket that a proxy accepts then drops says nothing: give up on it after 8 s
      timeout: 8000,
      auth: (cb) => cb({ token: tokens.get() ?? '' }),
      reconnectionDelayMax: 5000,
    });
    socketRef.current = socket;
    let refreshing = false;

    const join = () => {
      socket.emit('session:join', { sessionId }, (ack: any) => {
        if (ack?.ok) {
          setJoined(true);
          setError(null);
          if (Array.isArray(ack.users)) setUsers(ack.users);
          if ('endsAt' in ack) setEndsAt(ack.endsAt ?? null);
        } else {
          setJoined(false);
          setError(ack?.error ?? 'Impossible de rejoindre la séance en direct.');
        }
        handlersRef.current.onResync?.();
      });
    };

    socket.on('connect', () => {
      setConnected(true);
      join();
    });
    socket.on('disconnect', (reason) => {
      setConnected(false);
      setJoined(false);
      // the server closes the connection when the token expires: reconnect with a fresh one
      if (reason === 'io server disconnect') {
        void auth
          .refresh()
          .then((res) => tokens.set(res.accessToken))
          .catch(() => undefined)
          .finally(() => tokens.get() && socket.connect());
      }
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      setConnected(false);
      // the websocket did not get through: long polling first from now on (it upgrades to a
      // websocket by itself if one gets through later)
      if (!err.data && socket.io.opts.transports?.[0] === 'websocket') socket.io.opts.transports = ['polling', 'websocket'];
      if (err.data?.code === 'unauthenticated' && !refreshing && tokens.get()) {
        // handshake refused: refresh the token once, then try again
        refreshing = true;
        void auth
          .refresh()
          .then((res) => {
            tokens.set(res.accessToken);
            socket.connect();
          })
          .catch(() => setError('Votre session a expiré : reconnectez-vous.'))
          .finally(() => {
            refreshing = false;
          });
      } else if (!socket.active) {
        setError(err.message || 'Connexion en direct impossible.');
      }
    });
    socket.on('session:phase', (e) => e?.sessionId === sessionId && handlersRef.current.onPhase?.(e));
    socket.on('vote:opened', (e) => handlersRef.current.onVoteOpened?.(e));
    socket.on('vote:tally', (e) => handlersRef.current.onVoteTally?.(e));
    socket.on('vote:closed', (e) => handlersRef.current.onVoteClosed?.(e));
    socket.on('draft:locked', (e) => handlersRef.current.onDraftLocked?.(e));
    socket.on('recommendation:status', (e) => handlersRef.current.onRecommendationStatus?.(e));
    socket.on('amendment:submitted', (e) => handlersRef.current.onAmendmentSubmitted?.(e));
    socket.on('amendment:decided', (e) => handlersRef.current.onAmendmentDecided?.(e));
    socket.on('presence', (e) => e?.sessionId === sessionId && Array.isArray(e.users) && setUsers(e.users));
    socket.on('timer', (e) => e?.sessionId === sessionId && setEndsAt(e.endsAt ?? null));
    socket.on('session:left', () => {
      setJoined(false);
      setError('Vous ne faites plus partie du groupe de cette séance.');
    });

    return () => {
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
      setConnected(false);
      setJoined(false);
    };
  }, [sessionId]);

  const setTimer = useCallback(
    (seconds: number | null) =>
      new Promise<string | null>((resolve) => {
        const socket = socketRef.current;
        if (!socket?.connected) return resolve('La connexion en direct est interrompue : réessayez dans un instant.');
        socket.timeout(5000).emit('timer:set', { sessionId, seconds }, (err: Error | null, ack: any) => {
          if (err) return resolve('Le serveur n’a pas répondu : réessayez.');
          if (ack?.ok) {
            if ('endsAt' in ack) setEndsAt(ack.endsAt ?? null);
            return resolve(null);
          }
          resolve(ack?.error ?? 'Le minuteur n’a pas pu être réglé.');
        });
      }),
    [sessionId],
  );

  return { connected, joined, users, endsAt, error, setTimer };
}

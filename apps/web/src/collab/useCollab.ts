import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { tokens, tokenSubject } from '../api/client';
import { auth } from '../api/endpoints';
import { SavedEdits } from '@app/contracts/saved-edits';
import { HttpDraftTransport } from './httpTransport';

/** Extra y-websocket message: `[100, varUint8Array(stateVector)]` once the server has stored updates. */
export const SAVED_ACK_MESSAGE = 100;

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'closed';
/**
 * `saved`: every local edit is covered by the stored state the server reported;
 * `saving`: local edits are on their way or not acknowledged yet.
 */
export type SaveStatus = 'saved' | 'saving';
/** `websocket` normally; `http` when websockets cannot open or keep dropping (a proxy). */
export type Transport = 'websocket' | 'http';

export interface PresenceUser {
  clientId: number;
  name: string;
  color: string;
  self: boolean;
}

export interface CollabSession {
  doc: Y.Doc;
  /** What the caret extension needs: the awareness shared by both transports. */
  provider: { awareness: Awareness };
}

export interface CollabState {
  session: CollabSession | null;
  status: ConnectionStatus;
  /**
   * True once the text is loaded: synced with the server, or a copy kept in this browser from an
   * earlier load. Never an editable editor before.
   */
  synced: boolean;
  save: SaveStatus;
  /** Close code and reason when the server ended the connection for good (4401, 4403, 4404…). */
  closed: { code: number; reason: string } | null;
  users: PresenceUser[];
  transport: Transport;
  /** Local edits the server has not confirmed as stored. */
  pending: number;
  /** Edits are kept in this browser (IndexedDB) and survive closing the tab. */
  keptLocally: boolean;
  /** The browser says the network is down. */
  offline: boolean;
  /** An attempt to reach the server failed (websocket refused or dropped before opening, HTTP unreachable) since the text was last loaded. */
  unreachable: boolean;
}

function collabUrl(): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${window.location.host}/collab`;
}

/** The clock of this client's own edits in a state vector. */
function ownClock(doc: Y.Doc): number {
  return Y.getState(doc.store, doc.clientID); // 0 before its first insert
}

/** When to give up on the websocket: it never opened after this… */
const WS_OPEN_TIMEOUT_MS = 10_000;
/** …or it failed this many times in a row before opening, or dropped this many times in DROP_WINDOW_MS. */
const WS_FAILED_OPENS = 2;
const WS_DROPS = 3;
const DROP_WINDOW_MS = 60_000;
/** In HTTP mode, try the websocket again: first after WS_PROBE_FIRST_MS, then twice as long each time, up to WS_PROBE_MAX_MS. */
const WS_PROBE_FIRST_MS = 5_000;
const WS_PROBE_MAX_MS = 30_000;

/**
 * One live draft: y-websocket at `/collab/recommendation:<id>?token=…&acks=1`, or the HTTP
 * transport (`/api/drafts/…`) when websockets cannot get through, switching by itself both ways;
 * the document kept in IndexedDB so that edits made offline survive closing the tab and are sent
 * when the network is back. Tracks the saved acknowledgements (type 100 over the websocket, the
 * POST answers and `saved` events over HTTP) and who is here (awareness).
 */
export function useCollab(docName: string | null): CollabState {
  const [session, setSession] = useState<CollabSession | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [synced, setSynced] = useState(false);
  const [closed, setClosed] = useState<CollabState['closed']>(null);
  const [users, setUsers] = useState<PresenceUser[]>([]);
  const [transport, setTransport] = useState<Transport>('websocket');
  const [pending, setPending] = useState(0);
  const [keptLocally, setKeptLocally] = useState(false);
  const [offline, setOffline] = useState(typeof navigator !== 'undefined' && !navigator.onLine);
  const [unreachable, setUnreachable] = useState(false);

  useEffect(() => {
    if (!docName) return;
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    const token = () => tokens.get() ?? '';
    const userKey = tokenSubject(token()) ?? 'anonyme';
    let disposed = false;
    let mode: Transport = 'websocket';
    let serverSynced = false;

    // ---- what is stored, what waits (libs/contracts/src/saved-edits.ts: a delete-only edit
    // moves no clock, so only a round trip, not a state vector, can confirm it)
    const saved = new SavedEdits();
    const recount = () => setPending(saved.count);
    const onStored = (stateVector: Uint8Array) => {
      saved.savedStateVector(Y.decodeStateVector(stateVector));
      recount();
      saveMarks();
    };
    const onConfirmed = (barrier: number) => {
      saved.confirmed(barrier);
      recount();
      saveMarks();
    };

    // ---- the copy in this browser
    let persistence: IndexeddbPersistence | null = null;
    let saveTimer: number | undefined;
    const saveMarks = () => {
      window.clearTimeout(saveTimer);
      saveTimer = window.setTimeout(() => void persistence?.set('pending', JSON.stringify(saved.toJSON())).catch(() => undefined), 50);
    };
    try {
      persistence = new IndexeddbPersistence(`concertation:${userKey}:${docName}`, doc);
      persistence.whenSynced.then(async (p) => {
        if (disposed) return;
        setKeptLocally(true);
        const [loaded, kept] = await Promise.all([p.get('loaded').catch(() => null), p.get('pending').catch(() => null)]);
        if (disposed) return;
        if (typeof kept === 'string') {
          try {
            saved.restore(JSON.parse(kept));
            recount();
            requestRoundTrip();
          } catch {
            /* an unreadable list: counted again from the next edits */
          }
        }
        // a text loaded from the server before counts as loaded: editable offline
        if (loaded === 1) setSynced(true);
      }, () => setKeptLocally(false));
    } catch {
      persistence = null; // no IndexedDB (private browsing): edits live in memory only, and the status says so
    }
    const markLoaded = () => {
      if (serverSynced) return;
      serverSynced = true;
      setSynced(true);
      setUnreachable(false);
      void persistence?.set('loaded', 1).catch(() => undefined);
    };

    // ---- websocket
    const provider = new WebsocketProvider(collabUrl(), docName, doc, {
      params: { token: token(), acks: '1' },
      awareness,
      // the server is the only authority on who may write: no cross-tab shortcut
      disableBc: true,
      maxBackoffTime: 5000,
      connect: navigator.onLine,
    });
    provider.messageHandlers[SAVED_ACK_MESSAGE] = (_encoder, decoder) => onStored(decoding.readVarUint8Array(decoder));
    // Round trips over the websocket: the server answers a sync step 1 only once everything it
    // received before is stored, and answers them in order. `syncRequests` holds, per step 1 sent
    // on the current socket, the barrier it confirms (null: the provider's own, at open).
    let syncRequests: (number | null)[] = [];
    let initialSyncDone = false;
    const defaultSyncHandler = provider.messageHandlers[0];
    provider.messageHandlers[0] = (encoder, decoder, p, emitSynced, messageType) => {
      const stepTwo = decoding.peekVarUint(decoder) === syncProtocol.messageYjsSyncStep2;
      defaultSyncHandler(encoder, decoder, p, emitSynced, messageType);
      if (!stepTwo || syncRequests.length === 0) return;
      const barrier = syncRequests.shift()!;
      if (barrier !== null) onConfirmed(barrier);
      else {
        // our answer to the server's own step 1 (everything the server lacks) went out before this
        initialSyncDone = true;
        requestRoundTrip();
      }
    };
    /**
     * Asks the websocket for a round trip when a delete-only edit waits for one. (Over HTTP the
     * POST that carries an edit is its round trip: see HttpDraftTransport's `barrier`.)
     */
    const requestRoundTrip = () => {
      if (mode !== 'websocket' || !provider.wsconnected || !initialSyncDone || !provider.ws || !saved.needsRoundTrip) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeSyncStep1(encoder, doc);
      syncRequests.push(saved.barrier());
      provider.ws.send(encoding.toUint8Array(encoder));
    };

    // ---- HTTP
    const http = new HttpDraftTransport(docName, doc, awareness, token, {
      onConnected: (connected) => {
        if (mode !== 'http' || disposed) return;
        setStatus(connected ? 'connected' : navigator.onLine ? 'connecting' : 'disconnected');
        if (!connected) setUnreachable(true);
        if (connected) {
          setClosed(null);
          markLoaded();
        }
      },
      onSaved: onStored,
      barrier: () => saved.barrier(),
      onConfirmed,
      onRefused: (code, reason) => refuse(code, reason),
      onReadOnly: () => undefined,
    });

    const refuse = (code: number, reason: string) => {
      if (code === 4403 || code === 4404) void persistence?.clearData().catch(() => undefined); // no copy of a text one may not read
      setStatus('closed');
      setClosed({ code, reason });
    };

    // ---- switching
    let failedOpens = 0;
    const drops: number[] = [];
    let openedThisAttempt = false;
    let openTimer: number | undefined;
    let probeTimer: number | undefined;
    const toHttp = () => {
      if (mode === 'http' || disposed) return;
      mode = 'http';
      setTransport('http');
      window.clearTimeout(openTimer);
      provider.disconnect();
      if (navigator.onLine) http.start();
      scheduleProbe(WS_PROBE_FIRST_MS);
    };
    /** The next websocket probe (a proxy that blocked websockets for a moment is left quickly; one that always does costs one attempt every 30 s). */
    const scheduleProbe = (delay: number) => {
      window.clearTimeout(probeTimer);
      probeTimer = window.setTimeout(() => {
        probe();
        if (mode === 'http' && !disposed) scheduleProbe(Math.min(WS_PROBE_MAX_MS, delay * 2));
      }, delay);
    };
    const toWebsocket = () => {
      if (mode === 'websocket' || disposed) return;
      mode = 'websocket';
      setTransport('websocket');
      window.clearTimeout(probeTimer);
      http.stop();
      failedOpens = 0;
      drops.length = 0;
      armOpenTimer();
      provider.connect();
    };
    /** In HTTP mode: does a websocket get through now? */
    const probe = () => {
      if (mode !== 'http' || !navigator.onLine) return;
      let ws: WebSocket;
      try {
        ws = new WebSocket(`${collabUrl()}/${encodeURIComponent(docName)}?token=${encodeURIComponent(token())}`);
      } catch {
        return;
      }
      const timer = window.setTimeout(() => ws.close(), WS_OPEN_TIMEOUT_MS);
      ws.onopen = () => {
        window.clearTimeout(timer);
        ws.close();
        toWebsocket();
      };
      ws.onerror = () => window.clearTimeout(timer);
    };
    const armOpenTimer = () => {
      window.clearTimeout(openTimer);
      openedThisAttempt = false;
      openTimer = window.setTimeout(() => {
        if (!openedThisAttempt && mode === 'websocket' && navigator.onLine) toHttp();
      }, WS_OPEN_TIMEOUT_MS);
    };
    provider.on('status', ({ status: s }: { status: string }) => {
      // a new socket: the provider sends its sync step 1 right after this event; earlier requests are void
      syncRequests = s === 'connected' ? [null] : [];
      initialSyncDone = false;
      if (mode !== 'websocket') return;
      if (s === 'connected') {
        openedThisAttempt = true;
        failedOpens = 0;
        window.clearTimeout(openTimer);
        setClosed(null);
      }
      setStatus(s === 'connected' ? 'connected' : s === 'connecting' ? 'connecting' : 'disconnected');
    });
    provider.on('connection-close', () => {
      if (mode !== 'websocket' || disposed || !navigator.onLine) return;
      if (!openedThisAttempt) {
        setUnreachable(true);
        if (++failedOpens >= WS_FAILED_OPENS) return toHttp();
      } else {
        const now = Date.now();
        drops.push(now);
        while (drops.length && drops[0] < now - DROP_WINDOW_MS) drops.shift();
        if (drops.length >= WS_DROPS) return toHttp();
      }
      openedThisAttempt = false;
    });
    provider.on('sync', (isSynced: boolean) => {
      if (isSynced) {
        refreshedFor4401 = false;
        markLoaded();
      }
    });
    let refreshedFor4401 = false;
    provider.on('closed', ({ code, reason }: { code: number; reason: string }) => {
      // An expired token: refresh it once and reconnect; anything else is final.
      if (code === 4401 && !refreshedFor4401 && tokens.get()) {
        refreshedFor4401 = true;
        auth
          .refresh()
          .then((res) => {
            tokens.set(res.accessToken);
            provider.connect();
          })
          .catch(() => refuse(code, reason));
        return;
      }
      refuse(code, reason);
    });

    // ---- local edits
    let clockBefore = 0;
    const onBeforeTransaction = () => {
      clockBefore = ownClock(doc);
    };
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === provider || origin === http || origin === persistence) return;
      saved.edit(doc.clientID, clockBefore, ownClock(doc));
      recount();
      saveMarks();
      requestRoundTrip();
    };
    // The provider's update handler (registered in its constructor) sends the edit before this
    // one asks for the round trip; the HTTP transport's (registered at its start) queues it after
    // this one recorded it, so the barrier of the POST that carries it covers it.
    doc.on('beforeTransaction', onBeforeTransaction);
    doc.on('update', onUpdate);

    const onAwareness = () => {
      const list: PresenceUser[] = [];
      awareness.getStates().forEach((state, clientId) => {
        const u = (state as { user?: { name?: string; color?: string } }).user;
        if (u?.name) list.push({ clientId, name: u.name, color: u.color ?? '#000091', self: clientId === doc.clientID });
      });
      list.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
      setUsers(list);
    };
    awareness.on('change', onAwareness);

    // The browser knows at once when the network goes: say so now rather than after a watchdog,
    // keep editing (kept in IndexedDB), and resync when it is back.
    const onOffline = () => {
      setOffline(true);
      setStatus('disconnected');
      window.clearTimeout(openTimer);
      if (mode === 'websocket') provider.disconnect();
      else http.stop();
    };
    const onOnline = () => {
      setOffline(false);
      if (mode === 'websocket') {
        armOpenTimer();
        provider.connect();
      } else http.start();
    };
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);

    // A refreshed token is used by the next reconnection.
    const unsubscribe = tokens.subscribe(() => {
      const t = tokens.get();
      if (t) provider.params = { ...provider.params, token: t };
    });

    if (navigator.onLine) armOpenTimer();
    setSession({ doc, provider: { awareness } });
    setStatus(navigator.onLine ? 'connecting' : 'disconnected');
    setSynced(false);
    setClosed(null);
    setTransport('websocket');
    setPending(0);
    return () => {
      disposed = true;
      window.clearTimeout(openTimer);
      window.clearTimeout(probeTimer);
      window.clearTimeout(saveTimer);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      unsubscribe();
      awareness.off('change', onAwareness);
      doc.off('update', onUpdate);
      doc.off('beforeTransaction', onBeforeTransaction);
      http.stop();
      provider.destroy();
      void persistence?.set('pending', JSON.stringify(saved.toJSON())).catch(() => undefined);
      awareness.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [docName]);

  return { session, status, synced, save: pending > 0 ? 'saving' : 'saved', closed, users, transport, pending, keptLocally, offline, unreachable };
}

/** French explanation of a close code of the live-draft server. */
export function closeMessage(code: number): string {
  switch (code) {
    case 4401:
      return 'Votre session a expiré : reconnectez-vous pour reprendre la rédaction.';
    case 4403:
      return 'Vous n’avez pas (ou plus) accès à ce brouillon.';
    case 4404:
      return 'Ce brouillon n’existe pas.';
    case 4400:
      return 'Le serveur a refusé un message mal formé.';
    case 1009:
      return 'Une modification était trop volumineuse et a été refusée.';
    case 4429:
      return 'Trop de modifications en peu de temps : patientez quelques secondes puis rechargez la page.';
    default:
      return `La connexion au brouillon a été fermée (code ${code}).`;
  }
}

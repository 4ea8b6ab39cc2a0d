import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import { tokens } from '../api/client';
import { auth } from '../api/endpoints';

/** Extra y-websocket message: `[100, varUint8Array(stateVector)]` once the server has stored updates. */
export const SAVED_ACK_MESSAGE = 100;

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'closed';
/**
 * `saved`: every local edit is covered by the last saved acknowledgement;
 * `saving`: local edits are on their way or not acknowledged yet.
 */
export type SaveStatus = 'saved' | 'saving';

export interface PresenceUser {
  clientId: number;
  name: string;
  color: string;
  self: boolean;
}

export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

export interface CollabState {
  session: CollabSession | null;
  status: ConnectionStatus;
  /** True once the first sync with the server is done (the document is complete). */
  synced: boolean;
  save: SaveStatus;
  /** Close code and reason when the server ended the connection for good (4401, 4403, 4404…). */
  closed: { code: number; reason: string } | null;
  users: PresenceUser[];
}

function collabUrl(): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${window.location.host}/collab`;
}

/** The clock of this client's own edits in a state vector. */
function ownClock(doc: Y.Doc): number {
  return Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0;
}

/**
 * One live draft over y-websocket: `/collab/recommendation:<id>?token=…&acks=1`.
 * Tracks the connection, the saved acknowledgements (type 100) and who is here (awareness).
 */
export function useCollab(docName: string | null): CollabState {
  const [session, setSession] = useState<CollabSession | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [synced, setSynced] = useState(false);
  const [save, setSave] = useState<SaveStatus>('saved');
  const [closed, setClosed] = useState<CollabState['closed']>(null);
  const [users, setUsers] = useState<PresenceUser[]>([]);

  useEffect(() => {
    if (!docName) return;
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(collabUrl(), docName, doc, {
      params: { token: tokens.get() ?? '', acks: '1' },
      // the server is the only authority on who may write: no cross-tab shortcut
      disableBc: true,
      maxBackoffTime: 5000,
    });
    let acked = 0;
    let refreshedFor4401 = false;
    const updateSave = () => setSave(ownClock(doc) <= acked ? 'saved' : 'saving');

    provider.messageHandlers[SAVED_ACK_MESSAGE] = (_encoder, decoder) => {
      const sv = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      acked = Math.max(acked, sv.get(doc.clientID) ?? 0);
      updateSave();
    };
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin !== provider) updateSave();
    };
    doc.on('update', onUpdate);

    provider.on('status', ({ status: s }: { status: string }) => {
      setStatus(s === 'connected' ? 'connected' : s === 'connecting' ? 'connecting' : 'disconnected');
      if (s === 'connected') setClosed(null);
    });
    provider.on('sync', (isSynced: boolean) => {
      if (isSynced) {
        setSynced(true);
        refreshedFor4401 = false;
      }
    });
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
          .catch(() => {
            setStatus('closed');
            setClosed({ code, reason });
          });
        return;
      }
      setStatus('closed');
      setClosed({ code, reason });
    });

    const onAwareness = () => {
      const list: PresenceUser[] = [];
      provider.awareness.getStates().forEach((state, clientId) => {
        const u = (state as { user?: { name?: string; color?: string } }).user;
        if (u?.name) list.push({ clientId, name: u.name, color: u.color ?? '#000091', self: clientId === doc.clientID });
      });
      list.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
      setUsers(list);
    };
    provider.awareness.on('change', onAwareness);

    // The browser knows at once when the network goes: say so now rather than after y-websocket's
    // 30 s watchdog, keep editing locally, and resync when it is back.
    const onOffline = () => provider.disconnect();
    const onOnline = () => provider.connect();
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);

    // A refreshed token is used by the next reconnection.
    const unsubscribe = tokens.subscribe(() => {
      const t = tokens.get();
      if (t) provider.params = { ...provider.params, token: t };
    });

    setSession({ doc, provider });
    setStatus('connecting');
    setSynced(false);
    setSave('saved');
    setClosed(null);
    return () => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      unsubscribe();
      provider.awareness.off('change', onAwareness);
      doc.off('update', onUpdate);
      provider.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [docName]);

  return { session, status, synced, save, closed, users };
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

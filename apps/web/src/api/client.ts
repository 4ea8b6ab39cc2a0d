import type { ApiErrorBody } from './types';

/**
 * The fetch wrapper of the web app: JSON in and out, the bearer token, errors as `ApiError`
 * (the API's `{statusCode, error, message}`), and a session that ends on 401.
 */

const TOKEN_KEY = 'concertation.token';

/** An error answered by the API (or the network), with the API's message(s). */
export class ApiError extends Error {
  readonly status: number;
  readonly error: string;
  readonly messages: string[];
  readonly code?: string;

  constructor(status: number, body: Partial<ApiErrorBody> | undefined, fallback: string) {
    const raw = body?.message;
    const messages = Array.isArray(raw) ? raw.map(String) : raw ? [String(raw)] : [fallback];
    super(messages.join(' ; '));
    this.name = 'ApiError';
    this.status = status;
    this.error = body?.error ?? '';
    this.messages = messages;
    this.code = body?.code;
  }
}

type Listener = () => void;

/**
 * The access token, in localStorage so that every tab of the browser (the facilitator's console
 * and the projector window) shares one session; signing out in one tab signs out the others.
 * It expires with the token (JWT_TTL_SECONDS) unless refreshed.
 */
class TokenStore {
  private token: string | null = null;
  /** True when the session ended by a 401 (not by signing out): the sign-in page says so. */
  expired = false;
  private listeners = new Set<Listener>();
  private expiredListeners = new Set<Listener>();

  constructor() {
    try {
      this.token = localStorage.getItem(TOKEN_KEY);
      window.addEventListener('storage', (e) => {
        if (e.key !== TOKEN_KEY) return;
        this.token = e.newValue;
        this.listeners.forEach((l) => l());
      });
    } catch {
      this.token = null;
    }
    if (this.token && isExpired(this.token)) this.set(null);
  }

  get(): string | null {
    return this.token;
  }

  set(token: string | null): void {
    this.token = token;
    if (token) this.expired = false;
    try {
      if (token) localStorage.setItem(TOKEN_KEY, token);
      else localStorage.removeItem(TOKEN_KEY);
    } catch {
      /* storage unavailable (private mode): the token lives in memory only */
    }
    this.listeners.forEach((l) => l());
  }

  /** The session ended without the user asking (401): the app goes back to the sign-in page. */
  expire(): void {
    if (!this.token) return;
    this.expired = true;
    this.set(null);
    this.expiredListeners.forEach((l) => l());
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onExpired(listener: Listener): () => void {
    this.expiredListeners.add(listener);
    return () => this.expiredListeners.delete(listener);
  }
}

export const tokens = new TokenStore();

/** The `exp` claim of a JWT, in milliseconds, or null. The signature is the server's business. */
export function tokenExpiry(token: string): number | null {
  try {
    const payload = token.split('.')[1];
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    return typeof json.exp === 'number' ? json.exp * 1000 : null;
  } catch {
    return null;
  }
}

/** The `sub` claim (user id) of a JWT, or null. */
export function tokenSubject(token: string): string | null {
  try {
    const json = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof json.sub === 'string' ? json.sub : null;
  } catch {
    return null;
  }
}

function isExpired(token: string): boolean {
  const exp = tokenExpiry(token);
  return exp !== null && exp <= Date.now();
}

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat a 401 as the end of the session (sign-in form). */
  anonymous?: boolean;
}

const NETWORK_MESSAGE = 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.';

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = tokens.get();
  if (token && !opts.anonymous) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { method, headers, body, signal: opts.signal });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, undefined, NETWORK_MESSAGE);
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !opts.anonymous) tokens.expire();
    throw new ApiError(res.status, parsed as ApiErrorBody | undefined, defaultMessage(res.status));
  }
  return parsed as T;
}

/**
 * Downloads a file that needs the token (minutes): a plain link would send no Authorization
 * header (401), so the file is fetched with it and handed to the browser as a blob.
 * The name comes from the answer's Content-Disposition, else `fallbackName`.
 */
export async function download(path: string, fallbackName: string): Promise<string> {
  const headers: Record<string, string> = {};
  const token = tokens.get();
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { headers });
  } catch {
    throw new ApiError(0, undefined, NETWORK_MESSAGE);
  }
  if (!res.ok) {
    let parsed: ApiErrorBody | undefined;
    try {
      parsed = (await res.json()) as ApiErrorBody;
    } catch {
      parsed = undefined;
    }
    if (res.status === 401) tokens.expire();
    throw new ApiError(res.status, parsed, defaultMessage(res.status));
  }
  const blob = await res.blob();
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    // the click has started the download; the blob can go once the browser took it
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return name;
}

function defaultMessage(status: number): string {
  switch (status) {
    case 400:
      return 'La demande est invalide.';
    case 401:
      return 'Votre session a expiré : reconnectez-vous.';
    case 403:
      return "Vous n'avez pas les droits pour cette action.";
    case 404:
      return 'Élément introuvable.';
    case 409:
      return "Cette action n'est plus possible dans l'état actuel.";
    case 413:
      return 'Le contenu envoyé est trop volumineux.';
    case 429:
      return 'Trop de demandes : patientez un instant puis réessayez.';
    default:
      return `Erreur du serveur (${status}). Réessayez dans un instant.`;
  }
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  del: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};

/** Query string from defined values only. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

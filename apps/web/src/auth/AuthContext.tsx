import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { tokenExpiry, tokenSubject, tokens } from '../api/client';
import { auth } from '../api/endpoints';
import type { GroupRole, Me } from '../api/types';

interface AuthState {
  /** The signed-in user with their organisation and memberships; null when signed out. */
  me: Me | null;
  token: string | null;
  /** True while the profile of a stored token is being loaded. */
  loading: boolean;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  reloadMe(): Promise<void>;
  roleIn(workingGroupId: string | undefined): GroupRole | null;
}

const AuthContext = createContext<AuthState | null>(null);

/** Refresh this long before the token expires. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => tokens.get());
  const [me, setMe] = useState<Me | null>(null);
  // Back from ProConnect: `#login=<one-time code>`, read before any route redirects.
  const [loginCode] = useState<string | null>(() => new URLSearchParams(window.location.hash.slice(1)).get('login'));
  const [loading, setLoading] = useState<boolean>(() => !!tokens.get() || !!loginCode);
  const navigate = useNavigate();

  useEffect(() => tokens.subscribe(() => setToken(tokens.get())), []);

  // A 401 anywhere ends the session: the guarded page sends the user to sign-in (RequireAuth).
  useEffect(() => tokens.onExpired(() => setMe(null)), []);

  const reloadMe = useCallback(async () => {
    if (!tokens.get()) {
      setMe(null);
      setLoading(false);
      return;
    }
    try {
      setMe(await auth.me());
    } catch {
      /* a 401 already expired the session; other errors leave the previous profile */
    } finally {
      setLoading(false);
    }
  }, []);

  // The one-time code is exchanged for a session (single use, 60 s) and taken out of the URL.
  // Once: `navigate` changes with the location, and a second exchange of the code would fail.
  const exchanged = useRef(false);
  useEffect(() => {
    if (!loginCode || exchanged.current) return;
    exchanged.current = true;
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    auth
      .exchange(loginCode)
      .then(async (res) => {
        tokens.set(res.accessToken);
        setMe(await auth.me());
      })
      .catch(() => navigate('/connexion?erreur=code_invalide', { replace: true }))
      .finally(() => setLoading(false));
  }, [loginCode, navigate]);

  // Load the profile of a token found in storage at start, and again when another tab signed
  // in as someone else (the token is shared by the tabs).
  useEffect(() => {
    if (tokens.get()) void reloadMe();
  }, [reloadMe]);
  useEffect(() => {
    if (token && me && tokenSubject(token) && tokenSubject(token) !== me.id) {
      setLoading(true);
      void reloadMe();
    }
  }, [token, me, reloadMe]);

  // Refresh the token before it expires (POST /api/auth/refresh).
  useEffect(() => {
    if (!token) return;
    const exp = tokenExpiry(token);
    if (!exp) return;
    const lifetime = exp - Date.now();
    const delay = Math.max(5_000, lifetime > 2 * REFRESH_MARGIN_MS ? lifetime - REFRESH_MARGIN_MS : lifetime * 0.8);
    const timer = setTimeout(async () => {
      try {
        const res = await auth.refresh();
        if (tokens.get()) tokens.set(res.accessToken);
      } catch {
        /* 401 expires the session; a network error is retried by the next request's 401 */
      }
    }, Math.min(delay, 2_147_000_000));
    return () => clearTimeout(timer);
  }, [token]);

  const login = useCallback(async (email: string, password: string) => {
    const res = await auth.login(email, password);
    tokens.set(res.accessToken);
    setLoading(true);
    setMe(await auth.me());
    setLoading(false);
  }, []);

  /** Ends the session here, then at ProConnect for a ProConnect session (its end-session URL). */
  const logout = useCallback(async () => {
    let logoutUrl: string | null = null;
    if (tokens.get()) logoutUrl = await auth.logout().then((r) => r.logoutUrl, () => null);
    tokens.set(null);
    setMe(null);
    if (logoutUrl) window.location.assign(logoutUrl);
    else navigate('/connexion', { replace: true });
  }, [navigate]);

  const roleIn = useCallback(
    (groupId: string | undefined) => me?.memberships.find((m) => m.workingGroupId === groupId)?.role ?? null,
    [me],
  );

  const value = useMemo<AuthState>(() => ({ me, token, loading, login, logout, reloadMe, roleIn }), [me, token, loading, login, logout, reloadMe, roleIn]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in profile (pages behind RequireAuth). */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}

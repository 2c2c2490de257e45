// The signed-in user for the whole console: restored from GET /api/auth/me on load, set by login,
// cleared by logout or by any 401 (expired session). Keeps the CSRF token for mutations, and the account's
// status (habilitation end, a password to change or a second factor to enrol first).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, apiGet, apiPost, onUnauthorized, setCsrfToken } from '../api/client.js';
import { readCsrfToken, readSessionUser, type AccountStatus, type SessionUser } from '../api/contracts.js';

export type SessionState =
  { readonly status: 'loading' } | { readonly status: 'anonymous'; readonly expired: boolean } | { readonly status: 'signed-in'; readonly user: SessionUser; readonly account: AccountStatus | null };

interface SessionApi {
  readonly session: SessionState;
  /** `code`: the one-time code, when the server answered VIGIE_SECOND_FACTOR_REQUIRED. */
  login(username: string, password: string, code?: string): Promise<void>;
  logout(): Promise<void>;
  /** Reads the session again (after a password change or a second factor's enrolment). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    apiGet('/api/auth/me')
      .then((payload) => {
        if (cancelled) return;
        const user = readSessionUser(payload);
        setCsrfToken(readCsrfToken(payload));
        setSession(user === null ? { status: 'anonymous', expired: false } : { status: 'signed-in', user, account: readAccount(payload) });
      })
      .catch(() => {
        if (!cancelled) setSession({ status: 'anonymous', expired: false });
      });
    const stop = onUnauthorized(() => setSession({ status: 'anonymous', expired: true }));
    return () => {
      cancelled = true;
      stop();
    };
  }, []);

  const login = useCallback(async (username: string, password: string, code?: string) => {
    const payload = await apiPost('/api/auth/login', { username, password, ...(code === undefined ? {} : { code }) });
    const user = readSessionUser(payload);
    if (user === null) throw new ApiError(500, 'BAD_REPLY', 'Réponse de connexion inattendue.');
    setCsrfToken(readCsrfToken(payload));
    // The login answer names the user; "me" adds what the user may do (pages shown, health source).
    const me = await apiGet('/api/auth/me').then(readSessionUser, () => null);
    setSession({ status: 'signed-in', user: me ?? user, account: readAccount(payload) });
  }, []);

  const refresh = useCallback(async () => {
    // A 401 here is an ended session (calls under /api/auth/ do not tell the listeners): back to the login page.
    const payload = await apiGet('/api/auth/me').catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 401) setSession({ status: 'anonymous', expired: true });
      throw error;
    });
    const user = readSessionUser(payload);
    setSession(user === null ? { status: 'anonymous', expired: false } : { status: 'signed-in', user, account: readAccount(payload) });
  }, []);

  const logout = useCallback(async () => {
    try {
      await apiPost('/api/auth/logout');
    } finally {
      setCsrfToken(null);
      setSession({ status: 'anonymous', expired: false });
    }
  }, []);

  const value = useMemo(() => ({ session, login, logout, refresh }), [session, login, logout, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const api = useContext(SessionContext);
  if (api === null) throw new Error('useSession outside SessionProvider');
  return api;
}

/** The signed-in user; only for pages behind the shell's guard. */
export function useUser(): SessionUser {
  const { session } = useSession();
  if (session.status !== 'signed-in') throw new Error('useUser without a signed-in user');
  return session.user;
}

/**
 * A French sentence for a login failure: 401 wrong credentials, 429 too many failures (the server does not say
 * whether the account exists, nor whether it is the account or this workstation that waits).
 */
export function loginErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Connexion impossible.';
  if (error.code === 'VIGIE_SECOND_FACTOR_REQUIRED') return 'Saisissez le code à 6 chiffres affiché par votre application d’authentification.';
  if (error.code === 'VIGIE_SECOND_FACTOR_INVALID') return 'Code incorrect ou expiré : saisissez le code affiché maintenant.';
  if (error.code === 'VIGIE_HABILITATION_INVALID' && error.details['disabled'] === true)
    return 'Votre compte a été désactivé par l’administrateur : la connexion est refusée. Adressez-vous à lui pour le faire réactiver.';
  if (error.code === 'VIGIE_HABILITATION_INVALID') return 'Votre habilitation n’est pas en cours de validité (compte désactivé, expiré ou pas encore ouvert) : adressez-vous à l’administrateur.';
  if (error.status === 401) return 'Identifiant ou mot de passe incorrect.';
  if (error.status === 429)
    return `Trop de tentatives échouées : réessayez ${waitInWords(error.details['retryAfterSeconds'])}, ou demandez au chef de salle de faire lever le blocage par l’administrateur.`;
  if (error.status === 0) return error.message;
  return `Connexion impossible (${error.status}).`;
}

function waitInWords(seconds: unknown): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return 'plus tard';
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? 'dans une minute' : minutes < 120 ? `dans ${minutes} minutes` : `dans ${Math.ceil(minutes / 60)} heures`;
}

/** The account's status from a login or "me" answer; null when the server did not give one (API token). */
function readAccount(payload: unknown): AccountStatus | null {
  const account = (payload as { account?: unknown } | null)?.account;
  if (typeof account !== 'object' || account === null) return null;
  const record = account as Partial<AccountStatus>;
  return {
    validUntil: typeof record.validUntil === 'string' ? record.validUntil : null,
    pending: record.pending === 'password-change' || record.pending === 'second-factor-enrolment' ? record.pending : null,
    secondFactor: record.secondFactor ?? { setting: 'off', enrolled: false, required: false },
    sessionEndsAt: typeof record.sessionEndsAt === 'string' ? record.sessionEndsAt : null,
  };
}

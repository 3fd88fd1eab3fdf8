/** The signed-in admin: checked once on load, set by signing in, cleared by signing out or a 401. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onSignedOut } from './api.ts';
import type { Admin } from './types.ts';

interface Session {
  checking: boolean;
  admin?: Admin;
  /** Why the admin is on the sign-in page without having signed out: the session ended. */
  expired: boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const Context = createContext<Session | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [checking, setChecking] = useState(true);
  const [admin, setAdmin] = useState<Admin>();
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    api<{ admin: Admin }>('GET', '/session')
      .then((r) => setAdmin(r.admin))
      .catch((e: unknown) => {
        if (!(e instanceof ApiError && e.status === 401)) console.error(e);
      })
      .finally(() => setChecking(false));
    return onSignedOut(() => {
      setAdmin(undefined);
      setExpired(true);
    });
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const r = await api<{ admin: Admin }>('POST', '/session', { username, password });
    setExpired(false);
    setAdmin(r.admin);
  }, []);
  const signOut = useCallback(async () => {
    await api('DELETE', '/session').catch(() => undefined);
    setExpired(false);
    setAdmin(undefined);
  }, []);

  const value = useMemo(() => ({ checking, admin, expired, signIn, signOut }), [checking, admin, expired, signIn, signOut]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): Session {
  const value = useContext(Context);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

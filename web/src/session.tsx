/** Who is signed in, for the whole UI: loaded once, refreshed after sign-in and sign-out. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { getJson, setCsrfToken, type SessionView } from './api';

interface SessionState {
  session: SessionView | null;
  refresh: () => Promise<void>;
  hasRole: (...roles: string[]) => boolean;
}

const Ctx = createContext<SessionState>({ session: null, refresh: async () => {}, hasRole: () => false });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionView | null>(null);
  const refresh = useCallback(async () => {
    const s = await getJson<SessionView>('/api/auth/session');
    setCsrfToken(s.csrfToken ?? '');
    setSession(s);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const hasRole = useCallback(
    (...roles: string[]) => !!session?.grants?.some((g) => roles.includes(g.role)),
    [session],
  );
  return <Ctx.Provider value={{ session, refresh, hasRole }}>{children}</Ctx.Provider>;
}

export const useSession = () => useContext(Ctx);

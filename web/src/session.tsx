/** Who is signed in, for the whole UI: loaded once, refreshed after sign-in and sign-out. */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Action } from '../../src/auth/policy';
import { getJson, queryClient, setCsrfToken, type SessionView } from './api';

interface SessionState {
  session: SessionView | null;
  refresh: () => Promise<void>;
  /**
   * Whether the signed-in user holds the action (at `org` when given: held there or everywhere). The server's
   * policy hands these over with the session and decides again on every request; pages only show or hide.
   */
  can: (action: Action, org?: string) => boolean;
}

const Ctx = createContext<SessionState>({ session: null, refresh: async () => {}, can: () => false });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionView | null>(null);
  const userId = useRef<number | null | undefined>(undefined);
  const refresh = useCallback(async () => {
    const s = await getJson<SessionView>('/api/auth/session');
    setCsrfToken(s.csrfToken ?? '');
    // the answers cached for one person are not for the next (a shared computer, or a sign-in that shows more):
    // when who is signed in changes, they are forgotten, and those on screen are fetched again
    const id = s.user?.id ?? null;
    if (userId.current !== undefined && userId.current !== id) void queryClient.resetQueries();
    userId.current = id;
    setSession(s);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const can = useCallback(
    (action: Action, org?: string) => {
      const held = session?.permissions?.[action];
      if (held === undefined) return false;
      return org === undefined || held === null || held.includes(org);
    },
    [session],
  );
  return <Ctx.Provider value={{ session, refresh, can }}>{children}</Ctx.Provider>;
}

export const useSession = () => useContext(Ctx);

/** Who is signed in, for the whole UI: loaded once, refreshed after sign-in and sign-out. */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Action } from '../../src/auth/policy';
import { getJson, queryClient, setCsrfToken, useApi, type SessionView } from './api';
import type { Answer } from './api/client';

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

/**
 * What the signed-in user may do over one organisation, as the server decides it: its policy, with the hierarchy
 * (a grant at an ICB covers its CCGs and practices; a PCN's covers neither its CCG nor its ICB), which the session's
 * `can` cannot see. False until the answer is in, so a section is neither offered nor asked for before the server
 * has said it may be; nothing is asked for a visitor who is not signed in. The sections of a page share one request.
 */
export function useCanAt(org: string): (action: Action) => boolean {
  const { session } = useSession();
  const at = useApi<Answer<'/api/auth/session/permissions', 'get'>>(
    session?.user ? `/api/auth/session/permissions?org=${encodeURIComponent(org)}` : null,
  );
  const actions = at.state === 'ready' ? at.data.actions : null;
  return useCallback((action: Action) => actions?.includes(action) ?? false, [actions]);
}

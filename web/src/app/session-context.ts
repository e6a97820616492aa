/**
 * The signed-in session and what pages may do with it, shared through React context so pages
 * need not thread it through props.
 */
import { createContext, useContext } from 'react';
import type { Session } from '../api/api-types';

export interface SessionState {
  session: Session;
  /** Ends the session on the server, then shows the sign-in page. */
  signOut: () => Promise<void>;
  /** Called when an API call answers 401: the cookie expired or was revoked. */
  expire: () => void;
}

export const SessionContext = createContext<SessionState | null>(null);

/** The current session; only valid below the signed-in shell. */
export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (state === null) {
    throw new Error('useSession() is used outside a signed-in shell.');
  }
  return state;
}

/**
 * Loads data for a page and tracks its state. A new `key` starts a fresh load and aborts the
 * previous one; a 401 ends the session.
 */
import { useCallback, useContext, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { isUnauthenticated } from '../api/api-client';
import { SessionContext } from './session-context';

export type Resource<T> =
  { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; error: unknown };

export interface ResourceHandle<T> {
  state: Resource<T>;
  /** Loads again, e.g. from a "Try again" button. */
  reload: () => void;
}

export function useResource<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
): ResourceHandle<T> {
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // The latest loader, so callers may pass an inline function without restarting the load.
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });
  const expire = useContext(SessionContext)?.expire;

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) {
          setState({ status: 'ready', data });
        }
      },
      (error: unknown) => {
        if (controller.signal.aborted) {
          return;
        }
        if (isUnauthenticated(error) && expire) {
          expire();
          return;
        }
        setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [key, attempt, expire]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}

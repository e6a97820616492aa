/**
 * Live data for the dashboard: loads once, then polls every few seconds with `If-None-Match`
 * while the page is visible (a 304 costs the server almost nothing), and at once when the page
 * becomes visible again. New data replaces the old in place, so nothing loses focus; a failed
 * poll keeps the last data and says so.
 */
import { useCallback, useContext, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { isUnauthenticated } from '../../api/api-client';
import type { Conditional } from '../../api/api-types';
import { SessionContext } from '../../app/session-context';

/** How often the dashboard asks whether anything changed. */
export const POLL_INTERVAL_MS = 5_000;

export interface LiveState<T> {
  /** `loading` until the first answer; then `ready` (with data) or `error` (without). */
  status: 'loading' | 'ready' | 'error';
  data: T | null;
  /** The error of the first load. */
  error: unknown;
  /** The error of the last poll, while older data is still shown; null when polls succeed. */
  refreshError: unknown;
  /** Epoch ms of the last change seen. */
  changedAt: number | null;
}

export interface LiveHandle<T> {
  state: LiveState<T>;
  /** Asks now instead of at the next tick, e.g. after approving an intervention. */
  refresh: () => void;
}

export type ConditionalLoader<T> = (
  etag: string | null,
  signal: AbortSignal,
) => Promise<Conditional<T>>;

/**
 * Polls `load` under `key` (a new key starts over). Without an ETag from the server every poll
 * is a full answer; an unchanged body is then ignored so React does not re-render.
 */
export function useLivePoll<T>(
  key: string,
  load: ConditionalLoader<T>,
  intervalMs: number = POLL_INTERVAL_MS,
): LiveHandle<T> {
  const [state, setState] = useState<LiveState<T>>(initial);
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });
  const expire = useContext(SessionContext)?.expire;
  const pollNowRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const controller = new AbortController();
    let etag: string | null = null;
    let lastBody: string | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let inFlight = false;
    setState(initial());

    const schedule = () => {
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      if (!controller.signal.aborted && document.visibilityState === 'visible') {
        timer = setTimeout(() => void poll(), intervalMs);
      }
    };

    const poll = async () => {
      timer = null;
      if (inFlight || controller.signal.aborted) {
        return;
      }
      inFlight = true;
      try {
        const answer = await loadRef.current(etag, controller.signal);
        if (controller.signal.aborted) {
          return;
        }
        if (answer.modified) {
          etag = answer.etag;
          const body = JSON.stringify(answer.data);
          if (body !== lastBody) {
            lastBody = body;
            setState({
              status: 'ready',
              data: answer.data,
              error: null,
              refreshError: null,
              changedAt: Date.now(),
            });
          } else {
            setState((s) => (s.refreshError === null ? s : { ...s, refreshError: null }));
          }
        } else {
          setState((s) => (s.refreshError === null ? s : { ...s, refreshError: null }));
        }
      } catch (error) {
        if (controller.signal.aborted) {
          return;
        }
        if (isUnauthenticated(error) && expire) {
          expire();
          return;
        }
        setState((s) =>
          s.data === null
            ? { ...s, status: 'error', error, refreshError: null }
            : { ...s, refreshError: error },
        );
      } finally {
        inFlight = false;
        schedule();
      }
    };

    const onVisibility = () => {
      if (document.visibilityState === 'visible') {
        void poll();
      } else if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
    };
    pollNowRef.current = () => void poll();
    document.addEventListener('visibilitychange', onVisibility);
    void poll();
    return () => {
      controller.abort();
      if (timer !== null) {
        clearTimeout(timer);
      }
      document.removeEventListener('visibilitychange', onVisibility);
      pollNowRef.current = () => undefined;
    };
  }, [key, intervalMs, expire]);

  const refresh = useCallback(() => pollNowRef.current(), []);
  return { state, refresh };
}

function initial<T>(): LiveState<T> {
  return { status: 'loading', data: null, error: null, refreshError: null, changedAt: null };
}

/**
 * Loads under `key` like useResource, and loads again quietly (keeping the shown data) when
 * `version` changes, e.g. when the section's analytics moved on.
 */
export function useVersionedResource<T>(
  key: string,
  version: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): LiveHandle<T> {
  const [state, setState] = useState<LiveState<T>>(initial);
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });
  const expire = useContext(SessionContext)?.expire;
  const keyRef = useRef<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    if (keyRef.current !== key) {
      keyRef.current = key;
      setState(initial());
    }
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) {
          setState({
            status: 'ready',
            data,
            error: null,
            refreshError: null,
            changedAt: Date.now(),
          });
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
        setState((s) =>
          s.data === null ? { ...s, status: 'error', error } : { ...s, refreshError: error },
        );
      },
    );
    return () => controller.abort();
  }, [key, version, attempt, expire]);

  const refresh = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, refresh };
}

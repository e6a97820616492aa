/**
 * A tiny hash router. The shell lives at `/` and keeps its place in the URL fragment
 * (`#/courses/<id>`, `#/sections/<id>`), so the server needs no fallback route for deep links.
 */
import { useSyncExternalStore } from 'react';

/** A parsed location: the path segments after `#/`, already URI-decoded. */
export type Route = readonly string[];

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function readHash(): string {
  return window.location.hash;
}

/** Splits `#/a/b%20c` into `['a', 'b c']`; malformed escapes are kept as written. */
export function parseRoute(hash: string): Route {
  return hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((part) => part !== '')
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
}

/** Builds the `href` of a route, e.g. `routeHref('courses', id)` is `#/courses/<id>`. */
export function routeHref(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

/** The current route; re-renders the caller when the hash changes. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, readHash, () => '');
  return parseRoute(hash);
}

/** Goes to the shell's start without adding a history entry (after sign-in or sign-out). */
export function resetRoute(): void {
  if (window.location.hash !== '') {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  }
}

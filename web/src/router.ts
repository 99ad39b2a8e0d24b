// A small router on the History API for the contract's routes, whose paths are the table in routes.json:
//   /login?next=<path>    the login page
//   /                     the feed, no replay open
//   /replays/<id>?project=<id>&t=<ms>   the feed and the player on that replay, paused at t when given
//   /projects/<id>/settings   a project's replay settings, capture status and install snippet
// The server answers all of them with the dashboard's index.html, so a reload lands on the same view. Its
// tests read routes.json too: no route may share a path with an SDK endpoint (the Settings page once sat at
// /settings, where the SDK's remote settings answer, and a reload showed their 401).

import { signal } from '@preact/signals';
import routes from './routes.json';

export type Route =
  | { name: 'login'; next: string }
  | { name: 'feed' }
  | { name: 'replay'; replayId: string; projectId: number | null; t: number | null }
  | { name: 'settings'; projectId: number }
  | { name: 'not-found'; path: string };

export function parseRoute(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  const path = pathname.replace(/\/+$/, '') || '/';

  if (path === routes.login) return { name: 'login', next: safeNext(params.get('next')) };
  // /app/ is where the bundle lives; someone typing it gets the feed rather than a blank page.
  if (path === routes.feed || path === '/app' || path === '/app/index.html') return { name: 'feed' };

  const replay = match(routes.replay, path);
  if (replay) {
    let replayId: string;
    try {
      replayId = decodeURIComponent(replay[0]);
    } catch {
      return { name: 'not-found', path: pathname };
    }
    return {
      name: 'replay',
      replayId,
      projectId: positiveInt(params.get('project')),
      t: nonNegativeInt(params.get('t')),
    };
  }

  const settings = match(routes.settings, path);
  const projectId = settings && positiveInt(settings[0]);
  if (projectId) return { name: 'settings', projectId };
  return { name: 'not-found', path: pathname };
}

/** The values of a pattern's :name segments in a path, in order, or null when the path has another shape. */
function match(pattern: string, path: string): string[] | null {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const values: string[] = [];
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      if (!have[i]) return null;
      values.push(have[i]);
    } else if (want[i] !== have[i]) return null;
  }
  return values;
}

/**
 * Where to go after logging in. Only a path on this site: an absolute or protocol-relative URL in
 * ?next= would turn the login page into an open redirect.
 */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // The URL parser drops tabs and newlines and reads a backslash as '/', so "/\t/evil.example" is "//evil.example"
  // to a browser. Control characters and backslashes have no place in a dashboard path; refuse them outright.
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  const resolved = new URL(next, 'http://dashboard.invalid');
  if (resolved.origin !== 'http://dashboard.invalid') return '/';
  if (resolved.pathname === '/login') return '/';
  return resolved.pathname + resolved.search + resolved.hash;
}

function positiveInt(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

function nonNegativeInt(value: string | null): number | null {
  if (value === null || !/^\d+(\.\d+)?$/.test(value)) return null;
  const n = Math.round(Number(value));
  return Number.isSafeInteger(n) ? n : null;
}

function currentRoute(): Route {
  return parseRoute(window.location.pathname, window.location.search);
}

/** The current route; components read it, navigate() and the browser's back/forward change it. */
export const route = signal<Route>(typeof window === 'undefined' ? { name: 'feed' } : currentRoute());

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const target = path;
  const here = window.location.pathname + window.location.search;
  if (target !== here) {
    if (options.replace) window.history.replaceState(null, '', target);
    else window.history.pushState(null, '', target);
  }
  route.value = currentRoute();
}

/** The path and query of the page now, as /login?next= wants it. */
export function currentPath(): string {
  return window.location.pathname + window.location.search;
}

let started = false;

export function startRouter(): void {
  if (started) return;
  started = true;
  window.addEventListener('popstate', () => {
    route.value = currentRoute();
  });
}

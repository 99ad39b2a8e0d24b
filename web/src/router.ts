// A small router on the History API for the contract's routes, whose paths are the table in routes.json:
//   /login?next=<path>    the login page
//   /                     the feed, no replay open
//   /replays/<id>?project=<id>&t=<ms>   the feed and the player on that replay, paused at t when given
//   /projects/<id>/settings   a project's replay settings, capture status and install snippet
//   /projects/<id>/events | funnels | people | event-definitions   the analytics views, each with its whole
//                         query in ?… (analytics/url-state.ts reads and writes it)
//   /projects/<id>/heatmaps?url=<page>   a page's heatmap (url: an address or a /path/* pattern)
//   /projects/<id>/people/<distinct id>   a person's profile
//   /projects/<id>/access-log   who opened which replay and changed what (admins)
//   /?person=&event=&url=&minDurationMs=   the feed, filtered (a profile's "View Replays" lands here)
// The server answers all of them with the dashboard's index.html, so a reload lands on the same view. Its
// tests read routes.json too: no route may share a path with an SDK endpoint (the Settings page once sat at
// /settings, where the SDK's remote settings answer, and a reload showed their 401).

import { signal } from '@preact/signals';
import routes from './routes.json';
import {
  parseDefinitionsQuery,
  parseEventsQuery,
  parseFeedFilters,
  parseFunnelQuery,
  parseHeatmapsQuery,
  parsePeopleQuery,
  type DefinitionsQuery,
  type EventsQuery,
  type FeedFilters,
  type FunnelQuery,
  type HeatmapsQuery,
  type PeopleQuery,
} from './analytics/url-state';

export type Route =
  | { name: 'login'; next: string }
  | { name: 'feed'; filters: FeedFilters }
  | { name: 'replay'; replayId: string; projectId: number | null; t: number | null }
  | { name: 'settings'; projectId: number }
  | { name: 'events'; projectId: number; query: EventsQuery }
  | { name: 'funnels'; projectId: number; query: FunnelQuery }
  | { name: 'people'; projectId: number; query: PeopleQuery }
  | { name: 'person'; projectId: number; distinctId: string }
  | { name: 'eventDefinitions'; projectId: number; query: DefinitionsQuery }
  | { name: 'heatmaps'; projectId: number; query: HeatmapsQuery }
  | { name: 'accessLog'; projectId: number }
  | { name: 'not-found'; path: string };

export function parseRoute(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  const path = pathname.replace(/\/+$/, '') || '/';

  if (path === routes.login) return { name: 'login', next: safeNext(params.get('next')) };
  // /app/ is where the bundle lives; someone typing it gets the feed rather than a blank page.
  if (path === routes.feed || path === '/app' || path === '/app/index.html') return { name: 'feed', filters: parseFeedFilters(search) };

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

  return projectPage(path, search) ?? { name: 'not-found', path: pathname };
}

/** The analytics views of a project, or null when the path is none of them. */
function projectPage(path: string, search: string): Route | null {
  const project = (pattern: string) => {
    const values = match(pattern, path);
    const projectId = values && positiveInt(values[0]);
    return projectId ? { projectId, values } : null;
  };
  let hit;
  if ((hit = project(routes.events))) return { name: 'events', projectId: hit.projectId, query: parseEventsQuery(search) };
  if ((hit = project(routes.funnels))) return { name: 'funnels', projectId: hit.projectId, query: parseFunnelQuery(search) };
  if ((hit = project(routes.heatmaps))) return { name: 'heatmaps', projectId: hit.projectId, query: parseHeatmapsQuery(search) };
  if ((hit = project(routes.accessLog))) return { name: 'accessLog', projectId: hit.projectId };
  if ((hit = project(routes.people))) return { name: 'people', projectId: hit.projectId, query: parsePeopleQuery(search) };
  if ((hit = project(routes.eventDefinitions))) {
    return { name: 'eventDefinitions', projectId: hit.projectId, query: parseDefinitionsQuery(search) };
  }
  if ((hit = project(routes.person))) {
    try {
      return { name: 'person', projectId: hit.projectId, distinctId: decodeURIComponent(hit.values[1]) };
    } catch {
      return null;
    }
  }
  return null;
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
export const route = signal<Route>(typeof window === 'undefined' ? parseRoute('/', '') : currentRoute());

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

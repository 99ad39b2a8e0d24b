// Links into the dashboard. The shareable link to a replay at a moment opens the replay route, which any
// teammate who can log in and belongs to the project can follow; the player opens it paused at t.

import type { MomentReplay } from '@hindsight/types';
import routes from '../routes.json';
import { feedSearch, type FeedFilters } from '../analytics/url-state';

export function replayPath(replayId: string, projectId: number, t?: number): string {
  const params = new URLSearchParams({ project: String(projectId) });
  if (t !== undefined) params.set('t', String(Math.max(0, Math.round(t))));
  return `${routes.replay.replace(':replayId', encodeURIComponent(replayId))}?${params}`;
}

export function replayLink(origin: string, replayId: string, projectId: number, t: number): string {
  return origin.replace(/\/+$/, '') + replayPath(replayId, projectId, t);
}

/** The Settings page of a project. */
export function settingsPath(projectId: number): string {
  return routes.settings.replace(':projectId', String(projectId));
}

/** How long before an event a replay opens, so the viewer sees what led up to it. */
export const MOMENT_LEAD_IN_MS = 3_000;

/**
 * The one link from an analytics entry point (a chart point, a funnel step, a person's session, an event
 * definition) to the replay behind it, opened a few seconds before the moment. Null when the moment has
 * no replay: the caller then says "no replay" instead of offering a dead link.
 */
export function replayMomentLink(projectId: number, moment: { replay: MomentReplay | null }): string | null {
  const replay = moment.replay;
  if (!replay) return null;
  return replayPath(replay.replayId, projectId, Math.max(0, replay.offsetMs - MOMENT_LEAD_IN_MS));
}

/** A project's page of the given route (events, funnels, people, eventDefinitions, heatmaps), with its query. */
export function projectPagePath(page: 'events' | 'funnels' | 'people' | 'eventDefinitions' | 'heatmaps' | 'accessLog', projectId: number, search = ''): string {
  const path = routes[page].replace(':projectId', String(projectId));
  return search ? `${path}?${search.replace(/^\?/, '')}` : path;
}

/** A person's profile page. */
export function personPath(projectId: number, distinctId: string): string {
  return routes.person.replace(':projectId', String(projectId)).replace(':distinctId', encodeURIComponent(distinctId));
}

/** The feed with its filters in the address. */
export function feedPath(filters: FeedFilters): string {
  const search = feedSearch(filters);
  return search ? `${routes.feed}?${search}` : routes.feed;
}

/** The feed showing only a person's replays (all their linked ids), as a profile's "View Replays" opens it. */
export function personReplaysPath(distinctId: string): string {
  return feedPath({ person: distinctId, event: null, url: null, minDurationMs: null });
}

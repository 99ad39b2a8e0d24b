// Links into the dashboard. The shareable link to a replay at a moment opens the replay route, which any
// teammate who can log in and belongs to the project can follow; the player opens it paused at t.

import routes from '../routes.json';

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

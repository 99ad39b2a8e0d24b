// The replay's activity: every moment a developer looks for, drawn on the timeline and listed in the
// Activity panel. Clicks and page navigations come from the recording (page-log.ts); rage and dead clicks
// from the tracked `$mp_rage_click` / `$mp_dead_click` events, the same ones the feed counts; console errors
// and failed requests from the devtools log; and the other tracked events as they are.
import type { ReplayTrackedEvent } from '@hindsight/types';
import type { DevtoolsLog } from './devtools';
import type { PageLog } from './page-log';

export type ActivityKind = 'click' | 'rage-click' | 'dead-click' | 'navigation' | 'console-error' | 'failed-request' | 'event';

export interface TimelineMarker {
  key: string;
  ms: number;
  label: string;
  kind: ActivityKind;
  /** Why a tracked event is in this replay when it does not say so itself. */
  note?: string;
}

/** The kinds in the order the panel's filter lists them, with their names. */
export const ACTIVITY_KINDS: ReadonlyArray<readonly [ActivityKind, string]> = [
  ['click', 'Clicks'],
  ['rage-click', 'Rage clicks'],
  ['dead-click', 'Dead clicks'],
  ['navigation', 'Pages'],
  ['console-error', 'Errors'],
  ['failed-request', 'Failed requests'],
  ['event', 'Events'],
];

const RAGE_CLICK = '$mp_rage_click';
const DEAD_CLICK = '$mp_dead_click';
/**
 * Heatmap data's plain click and page leave say again what the recording shows (its clicks and its page
 * changes): listing both would double every click.
 */
const SHOWN_BY_THE_RECORDING = new Set(['$mp_click', '$mp_page_leave']);

/** `button#pay` from heatmap data's target properties, as the SDKs send them. */
function clickedElement(properties: Record<string, unknown>): string {
  const tag = typeof properties.$el_tag_name === 'string' ? properties.$el_tag_name : '';
  const id = typeof properties.$el_id === 'string' ? properties.$el_id : '';
  return tag ? ` on ${tag}${id ? `#${id}` : ''}` : '';
}

export function trackedMarker(event: ReplayTrackedEvent, ms: number): TimelineMarker | null {
  if (SHOWN_BY_THE_RECORDING.has(event.name)) return null;
  const note = event.stitched ? 'Matched to this replay by person and time' : undefined;
  if (event.name === RAGE_CLICK) return { key: event.insertId, ms, kind: 'rage-click', label: `Rage click${clickedElement(event.properties)}`, note };
  if (event.name === DEAD_CLICK) return { key: event.insertId, ms, kind: 'dead-click', label: `Dead click${clickedElement(event.properties)}`, note };
  return { key: event.insertId, ms, kind: 'event', label: event.name, note };
}

/** A URL as the list shows it: its path onwards, the origin only when it is not the page's usual one. */
function shortUrl(href: string): string {
  try {
    const url = new URL(href);
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return href;
  }
}

/** Every marker of the replay in time order, each clamped into its length (a stitched event can sit in its margin). */
export function activityMarkers(
  tracked: readonly ReplayTrackedEvent[] | null,
  devtools: DevtoolsLog,
  page: PageLog,
  totalMs: number,
): TimelineMarker[] {
  const clamp = (ms: number) => Math.min(Math.max(0, ms), totalMs);
  const markers: TimelineMarker[] = [];
  for (const event of tracked ?? []) {
    const marker = trackedMarker(event, clamp(event.offsetMs));
    if (marker) markers.push(marker);
  }
  for (const e of page.clicks) markers.push({ key: e.key, ms: clamp(e.ms), kind: 'click', label: `Click on ${e.target}` });
  page.navigations.forEach((e, i) =>
    markers.push({ key: e.key, ms: clamp(e.ms), kind: 'navigation', label: `${i === 0 ? 'Opened' : 'Went to'} ${shortUrl(e.href)}`, note: e.href }));
  for (const e of devtools.console) {
    if (e.level === 'error') markers.push({ key: e.key, ms: clamp(e.ms), kind: 'console-error', label: `Console error: ${e.args.join(' ').slice(0, 120)}` });
  }
  for (const e of devtools.network) {
    if (e.failed) markers.push({ key: e.key, ms: clamp(e.ms), kind: 'failed-request', label: `Failed request: ${e.method} ${e.url.slice(0, 120)} (${e.status || 'error'})` });
  }
  // Stable: what happened at the same moment keeps the order above.
  return markers.sort((a, b) => a.ms - b.ms);
}

/** Count per kind, for the filter. */
export function kindCounts(markers: readonly TimelineMarker[]): Map<ActivityKind, number> {
  const counts = new Map<ActivityKind, number>();
  for (const m of markers) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
  return counts;
}

/** Markers of the chosen kinds (empty: all) whose label contains the search, case-insensitively. */
export function filterActivity(markers: readonly TimelineMarker[], kinds: ReadonlySet<ActivityKind>, search: string): TimelineMarker[] {
  const needle = search.trim().toLowerCase();
  return markers.filter((m) => (kinds.size === 0 || kinds.has(m.kind)) && (!needle || m.label.toLowerCase().includes(needle)));
}

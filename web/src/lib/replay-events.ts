// The replay's tracked events against its playback clock: which one the list highlights as the replay plays.

import type { ReplayTrackedEvent } from '@hindsight/types';

/**
 * The index of the last event at or before `ms` (events oldest first), or -1 before the first one:
 * the list follows playback by highlighting it.
 */
export function currentEventIndex(events: readonly Pick<ReplayTrackedEvent, 'offsetMs'>[], ms: number): number {
  let low = 0;
  let high = events.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (events[mid].offsetMs <= ms) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

export interface TimelineMarker {
  key: string;
  ms: number;
  label: string;
  /** Tracked events unless said: the timeline draws each kind in its own colour. */
  kind?: 'event' | 'console-error' | 'failed-request';
}

/** The timeline's markers: one per event, clamped into the replay's length (a stitched event can sit in its margin). */
export function timelineMarkers(events: readonly ReplayTrackedEvent[], totalMs: number): TimelineMarker[] {
  return events.map((e) => ({ key: e.insertId, ms: Math.min(Math.max(0, e.offsetMs), totalMs), label: e.name }));
}

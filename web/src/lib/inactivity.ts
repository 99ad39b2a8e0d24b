// Inactive stretches of a replay, found the way rrweb-player finds them: a gap longer than the
// threshold between two user interactions (or between the replay's first event and the first
// interaction). Only mouse, scroll, resize and input events count as interaction; DOM mutations do
// not, so an animated page with nobody at it is still inactive. The player shades these stretches on the
// timeline and, with "skip inactivity" on, jumps over them.

import { EventType, IncrementalSource, type RecordedEvent } from '@hindsight/types';

/** rrweb-player's threshold. */
export const INACTIVE_THRESHOLD_MS = 10_000;

/** [start, end] in absolute timestamps (ms since the epoch). */
export type Period = readonly [start: number, end: number];

export function isUserInteraction(event: RecordedEvent): boolean {
  if (event.type !== EventType.IncrementalSnapshot) return false;
  const source = (event.data as { source?: unknown } | null)?.source;
  return typeof source === 'number' && source > IncrementalSource.Mutation && source <= IncrementalSource.Input;
}

/** Inactive periods of a list of events sorted by timestamp. */
export function inactivePeriods(events: readonly RecordedEvent[], threshold = INACTIVE_THRESHOLD_MS): Period[] {
  const tracker = new InactivityTracker(threshold);
  tracker.add(events);
  return tracker.periods;
}

/**
 * The same computation fed chunk by chunk, as a replay loads: the periods found so far never change
 * when a later chunk arrives, they only grow in number.
 */
export class InactivityTracker {
  readonly periods: Period[] = [];
  private lastActive: number | null = null;

  constructor(private readonly threshold = INACTIVE_THRESHOLD_MS) {}

  add(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (this.lastActive === null) this.lastActive = event.timestamp;
      if (!isUserInteraction(event)) continue;
      if (event.timestamp - this.lastActive > this.threshold) {
        this.periods.push([this.lastActive, event.timestamp]);
      }
      this.lastActive = Math.max(this.lastActive, event.timestamp);
    }
  }
}

/** The end of the period that `at` falls in, or null when `at` is in no period. */
export function skipTarget(periods: readonly Period[], at: number): number | null {
  for (const [start, end] of periods) {
    if (at >= start && at < end) return end;
  }
  return null;
}

// A wrapped fetch or XHR learns its timing from the browser's resource timing entry for it, found by URL,
// initiator and the moments the call began and ended (mixpanel-browser's way, and its retry schedule).
import type { InitiatorType } from './options';

/** Epoch milliseconds at performance.now() = 0, from the clock rather than performance.timeOrigin, which drifts. */
export function timeOrigin(win: Window): number {
  return Math.round(Date.now() - win.performance.now());
}

// Timer precision is coarsened in browsers: a millisecond either side still counts as within the call.
const ATTEMPTS = 10;

/**
 * The latest matching entry, waiting 0, 50, 100 … 500 ms between tries (the browser adds it after the
 * response ends); null when there is none, e.g. for a request that failed before it reached the network.
 */
export function findEntry(
  win: Window, initiatorType: InitiatorType, url: string, after: number, before: number, attempt = 0,
): Promise<PerformanceResourceTiming | null> {
  const entries = win.performance.getEntriesByName(url) as PerformanceResourceTiming[];
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const entry = entries[i];
    if (entry.entryType === 'resource' && entry.initiatorType === initiatorType &&
      entry.startTime >= after - 1 && entry.startTime <= before + 1) return Promise.resolve(entry);
  }
  if (attempt >= ATTEMPTS) return Promise.resolve(null);
  return new Promise<void>((resolve) => win.setTimeout(resolve, 50 * attempt))
    .then(() => findEntry(win, initiatorType, url, after, before, attempt + 1));
}

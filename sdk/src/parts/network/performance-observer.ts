// Every other resource the page loads — scripts, styles, images, frames… — from the browser's resource
// timing entries. fetch and XHR are left to their wrappers, which know the method, status and headers.
import type { InitiatorType, NetworkData, NetworkOptions, NetworkRequest } from './options';
import { timeOrigin } from './timing';

type Entry = PerformanceResourceTiming & { responseStatus?: number };

function asRequest(win: Window, entry: Entry): NetworkRequest {
  return {
    url: entry.name,
    initiatorType: (entry.entryType === 'navigation' ? 'navigation' : entry.initiatorType) as InitiatorType,
    status: typeof entry.responseStatus === 'number' ? entry.responseStatus : undefined,
    startTime: Math.round(entry.startTime),
    endTime: Math.round(entry.responseEnd),
    timeOrigin: timeOrigin(win),
  };
}

export function observePerformance(cb: (data: NetworkData) => void, win: Window, options: NetworkOptions): () => void {
  const Observer = (win as Window & { PerformanceObserver?: typeof PerformanceObserver }).PerformanceObserver;
  if (!Observer || !win.performance) return () => {};
  const wanted = (entry: PerformanceEntry) => options.initiatorTypes.indexOf((entry as Entry).initiatorType as InitiatorType) >= 0;
  if (options.recordInitialRequests) {
    const initial = win.performance.getEntries()
      .filter((entry) => entry.entryType === 'navigation' || (entry.entryType === 'resource' && wanted(entry)));
    cb({ requests: initial.map((entry) => asRequest(win, entry as Entry)), isInitial: true });
  }
  const observer = new Observer((list) => {
    const entries = list.getEntries().filter((entry) => {
      const type = (entry as Entry).initiatorType;
      return entry.entryType === 'resource' && wanted(entry) && type !== 'fetch' && type !== 'xmlhttprequest';
    });
    if (entries.length) cb({ requests: entries.map((entry) => asRequest(win, entry as Entry)) });
  });
  try {
    observer.observe({ entryTypes: ['navigation', 'resource'] });
  } catch {
    return () => {};
  }
  return () => observer.disconnect();
}

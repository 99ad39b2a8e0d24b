// The common end of a wrapped fetch and XHR: once the call is over, its timing entry is found and the
// request is handed to the plugin. Nothing here runs before the page has its response.
import type { InitiatorType, NetworkData, NetworkRequest } from './options';
import { findEntry, timeOrigin } from './timing';

/** What a wrapper learned about one call. `after`/`before`: performance.now() when it began and ended. */
export interface CallRecord {
  url: string;
  method: string;
  status: number | undefined;
  after: number;
  before: number;
  requestHeaders: Record<string, string>;
  requestBody?: string | null;
  responseHeaders: Record<string, string>;
  responseBody?: string | null;
}

export function emitCall(win: Window, cb: (data: NetworkData) => void, initiatorType: InitiatorType, call: CallRecord): Promise<void> {
  return findEntry(win, initiatorType, call.url, call.after, call.before).then((entry) => {
    // Without an entry (a request that never reached the network) the wrapper's own moments stand in.
    const request: NetworkRequest = {
      url: entry ? entry.name : call.url,
      method: call.method,
      initiatorType,
      status: call.status,
      startTime: Math.round(entry ? entry.startTime : call.after),
      endTime: Math.round(entry ? entry.responseEnd : call.before),
      timeOrigin: timeOrigin(win),
      requestHeaders: call.requestHeaders,
      requestBody: call.requestBody,
      responseHeaders: call.responseHeaders,
      responseBody: call.responseBody,
    };
    cb({ requests: [request] });
  });
}

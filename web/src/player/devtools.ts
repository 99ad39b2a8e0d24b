// What a developer's panels show beside the replay — the page's console and its network requests — read
// from the rrweb plugin events both SDKs record: `rrweb/console@1` (`{ level, trace, payload }`, each
// argument stringified) and mixpanel-browser's `rrweb/network@1.mp` (`{ requests: [...] }`, times in the
// page's performance clock plus its timeOrigin). Entries are collected chunk by chunk as a long replay
// streams in, never by re-reading what came before.
import { EventType, type RecordedEvent } from '@hindsight/types';

export const CONSOLE_PLUGIN = 'rrweb/console@1';
export const NETWORK_PLUGIN = 'rrweb/network@1.mp';

export interface ConsoleEntry {
  key: string;
  /** ms from the replay's start. */
  ms: number;
  level: string;
  /** The logged arguments, as a person reads them (a stringified string loses its quotes). */
  args: string[];
  trace: string[];
}

export interface NetworkEntry {
  key: string;
  ms: number;
  durationMs: number;
  method: string;
  url: string;
  /** Undefined for resource timings (the browser does not tell their status); 0 for a network error. */
  status: number | undefined;
  type: string;
  /** Characters of the recorded response body, when it was recorded. */
  size: number | null;
  failed: boolean;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  requestBody: string | null;
  responseBody: string | null;
}

/** Keeps at most this many entries of each kind: a page logging in a loop must not stall the dashboard. */
export const MAX_ENTRIES = 5000;

interface ConsolePayload {
  level?: unknown;
  trace?: unknown;
  payload?: unknown;
}

interface NetworkRequestPayload {
  url?: unknown;
  method?: unknown;
  initiatorType?: unknown;
  status?: unknown;
  startTime?: unknown;
  endTime?: unknown;
  timeOrigin?: unknown;
  requestHeaders?: unknown;
  responseHeaders?: unknown;
  requestBody?: unknown;
  responseBody?: unknown;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const headers = (value: unknown): Record<string, string> => {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
};
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A stringified argument shown as the page logged it: `"cart loaded"` → cart loaded. */
export function readableArgument(arg: string): string {
  if (arg.length >= 2 && arg.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(arg);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // Cut by the recorder's length limit: shown as it is.
    }
  }
  return arg;
}

export function isFailedRequest(status: number | undefined, type: string): boolean {
  if (status === undefined) return false;
  if (status === 0) return type === 'fetch' || type === 'xmlhttprequest';
  return status >= 400;
}

export class DevtoolsLog {
  readonly console: ConsoleEntry[] = [];
  readonly network: NetworkEntry[] = [];
  private count = 0;

  /** Takes in one chunk's events; true when anything was added. `origin`: the replay's first timestamp. */
  add(events: readonly RecordedEvent[], origin: number): boolean {
    let added = false;
    for (const event of events) {
      if (event.type !== EventType.Plugin) continue;
      const data = event.data as { plugin?: unknown; payload?: unknown } | null;
      if (data?.plugin === CONSOLE_PLUGIN) added = this.addConsole(data.payload as ConsolePayload, event.timestamp - origin) || added;
      else if (data?.plugin === NETWORK_PLUGIN) added = this.addNetwork(data.payload, origin) || added;
    }
    if (added) {
      // Chunks arrive in order, but requests are emitted when they end: keep both lists in time order.
      this.console.sort((a, b) => a.ms - b.ms);
      this.network.sort((a, b) => a.ms - b.ms);
    }
    return added;
  }

  private addConsole(payload: ConsolePayload | undefined, ms: number): boolean {
    if (!payload || typeof payload !== 'object' || this.console.length >= MAX_ENTRIES) return false;
    const level = typeof payload.level === 'string' ? payload.level : 'log';
    this.console.push({ key: `c${this.count++}`, ms, level, args: strings(payload.payload).map(readableArgument), trace: strings(payload.trace) });
    return true;
  }

  private addNetwork(payload: unknown, origin: number): boolean {
    const requests = (payload as { requests?: unknown } | null)?.requests;
    if (!Array.isArray(requests)) return false;
    let added = false;
    for (const raw of requests as NetworkRequestPayload[]) {
      if (!raw || typeof raw !== 'object' || typeof raw.url !== 'string' || this.network.length >= MAX_ENTRIES) continue;
      const timeOrigin = typeof raw.timeOrigin === 'number' ? raw.timeOrigin : origin;
      const start = typeof raw.startTime === 'number' ? raw.startTime : 0;
      const end = typeof raw.endTime === 'number' ? raw.endTime : start;
      const type = typeof raw.initiatorType === 'string' ? raw.initiatorType : 'other';
      const status = typeof raw.status === 'number' ? raw.status : undefined;
      const responseBody = text(raw.responseBody);
      this.network.push({
        key: `n${this.count++}`,
        ms: Math.round(timeOrigin + start - origin),
        durationMs: Math.max(0, Math.round(end - start)),
        method: typeof raw.method === 'string' ? raw.method.toUpperCase() : 'GET',
        url: raw.url,
        status,
        type,
        size: responseBody === null ? null : responseBody.length,
        failed: isFailedRequest(status, type),
        requestHeaders: headers(raw.requestHeaders),
        responseHeaders: headers(raw.responseHeaders),
        requestBody: text(raw.requestBody),
        responseBody,
      });
      added = true;
    }
    return added;
  }
}

/** Count of console entries per level, for the level filter. */
export function levelCounts(entries: readonly ConsoleEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.level, (counts.get(entry.level) ?? 0) + 1);
  return counts;
}

/** Entries of the chosen level (null: all) whose text contains the search, case-insensitively. */
export function filterConsole(entries: readonly ConsoleEntry[], level: string | null, search: string): ConsoleEntry[] {
  const needle = search.trim().toLowerCase();
  return entries.filter((e) => (level === null || e.level === level) &&
    (!needle || e.args.some((a) => a.toLowerCase().includes(needle))));
}

// The privacy filter's check of every network event before it is queued (event-privacy.ts drops plugin
// events without one). It trusts nothing the capture did: each request is rebuilt from its known fields,
// credentials headers and unlisted headers are removed, bodies of URLs recordBodyUrls does not list are
// removed, Hindsight's own and ignored requests are dropped, and every text is capped.
import type { RecordedEvent } from '@hindsight/types';
import {
  bodyAllowed, capText, headerAllowed, ignored, MAX_BODY_CHARS, MAX_HEADER_CHARS, MAX_HEADERS, MAX_URL_CHARS, TRUNCATED_MARK,
  type Direction, type InitiatorType, type NetworkOptions, type NetworkRequest,
} from './options';

/** The most requests one event may carry (a page's initial requests come in one). */
export const MAX_REQUESTS_PER_EVENT = 1000;

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && isFinite(value) ? value : undefined;
}

function cleanHeaders(options: NetworkOptions, direction: Direction, headers: unknown): Record<string, string> {
  const clean: Record<string, string> = {};
  if (!headers || typeof headers !== 'object') return clean;
  let count = 0;
  for (const name of Object.keys(headers)) {
    const value = (headers as Record<string, unknown>)[name];
    if (typeof value !== 'string' || !headerAllowed(options, direction, name) || count >= MAX_HEADERS) continue;
    clean[name] = capText(value, MAX_HEADER_CHARS);
    count += 1;
  }
  return clean;
}

function cleanBody(options: NetworkOptions, direction: Direction, url: string, body: unknown): string | null | undefined {
  if (typeof body !== 'string' || !bodyAllowed(options, direction, url)) return undefined;
  // A body the capture already cut keeps its mark; anything longer is cut here.
  return body.length > MAX_BODY_CHARS + TRUNCATED_MARK.length ? capText(body, MAX_BODY_CHARS) : body;
}

function cleanRequest(options: NetworkOptions, raw: unknown): NetworkRequest | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.url !== 'string' || typeof r.initiatorType !== 'string') return null;
  const startTime = finite(r.startTime);
  const endTime = finite(r.endTime);
  const origin = finite(r.timeOrigin);
  if (startTime === undefined || endTime === undefined || origin === undefined) return null;
  // Matching is done on the whole URL, before it is cut.
  if (ignored(options, r as unknown as NetworkRequest)) return null;
  const request: NetworkRequest = {
    url: capText(r.url, MAX_URL_CHARS),
    initiatorType: capText(r.initiatorType, 32) as InitiatorType,
    startTime, endTime, timeOrigin: origin,
  };
  if (typeof r.method === 'string') request.method = capText(r.method, 32);
  const status = finite(r.status);
  if (status !== undefined) request.status = status;
  if (r.requestHeaders !== undefined) request.requestHeaders = cleanHeaders(options, 'request', r.requestHeaders);
  if (r.responseHeaders !== undefined) request.responseHeaders = cleanHeaders(options, 'response', r.responseHeaders);
  const requestBody = cleanBody(options, 'request', r.url, r.requestBody);
  if (requestBody !== undefined) request.requestBody = requestBody;
  const responseBody = cleanBody(options, 'response', r.url, r.responseBody);
  if (responseBody !== undefined) request.responseBody = responseBody;
  return request;
}

/** An EventSanitiser that needs nothing of the page: each request is judged by its own fields. */
export function networkSanitiser(options: NetworkOptions): (event: RecordedEvent) => boolean {
  return (event: RecordedEvent) => {
    const data = event.data as { plugin?: unknown; payload?: unknown } | null;
    const payload = data?.payload as { requests?: unknown; isInitial?: unknown } | undefined;
    if (!payload || typeof payload !== 'object' || !Array.isArray(payload.requests)) return false;
    const requests = payload.requests.slice(0, MAX_REQUESTS_PER_EVENT)
      .map((request) => cleanRequest(options, request))
      .filter((request): request is NetworkRequest => request !== null);
    const isInitial = payload.isInitial === true;
    if (requests.length === 0 && !isInitial) return false;
    data!.payload = isInitial ? { requests, isInitial } : { requests };
    return true;
  };
}

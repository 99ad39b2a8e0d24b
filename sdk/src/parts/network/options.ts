// record_network_options: mixpanel-browser 2.83's six options, names and defaults, and the checks built on
// them that both the capture (plugin.ts) and the privacy filter (sanitiser.ts) make.
import type { Config } from '../../config';

export type InitiatorType =
  | 'audio' | 'beacon' | 'body' | 'css' | 'early-hint' | 'embed' | 'fetch' | 'frame' | 'iframe' | 'icon'
  | 'image' | 'img' | 'input' | 'link' | 'navigation' | 'object' | 'ping' | 'script' | 'track' | 'video'
  | 'xmlhttprequest';

/** One request as it is recorded: mixpanel-browser's NetworkRequest, field for field. */
export interface NetworkRequest {
  url: string;
  method?: string;
  initiatorType: InitiatorType;
  status?: number;
  /** performance.now() milliseconds, rounded; add timeOrigin for epoch milliseconds. */
  startTime: number;
  endTime: number;
  timeOrigin: number;
  requestHeaders?: Record<string, string>;
  requestBody?: string | null;
  responseHeaders?: Record<string, string>;
  responseBody?: string | null;
}

/** The payload of one `rrweb/network@1.mp` plugin event. */
export interface NetworkData {
  requests: NetworkRequest[];
  isInitial?: boolean;
}

type UrlPattern = string | RegExp;

export interface NetworkRecordOptions {
  initiatorTypes?: InitiatorType[];
  ignoreRequestUrls?: UrlPattern[];
  ignoreRequestFn?: (request: NetworkRequest) => boolean;
  /** Allow-lists of header names, by direction; nothing is recorded unless listed. */
  recordHeaders?: { request?: string[]; response?: string[] };
  /** Allow-lists of URL patterns whose bodies are recorded, by direction; none unless listed. */
  recordBodyUrls?: { request?: UrlPattern[]; response?: UrlPattern[] };
  /** Also record what the page loaded before recording started (the navigation and earlier resources). */
  recordInitialRequests?: boolean;
}

export type Direction = 'request' | 'response';

export interface NetworkOptions {
  initiatorTypes: InitiatorType[];
  ignoreRequestUrls: UrlPattern[];
  ignoreRequestFn: (request: NetworkRequest) => boolean;
  recordHeaders: Record<Direction, string[]>;
  recordBodyUrls: Record<Direction, UrlPattern[]>;
  recordInitialRequests: boolean;
  /** Hindsight's own origin: its requests are never recorded (mixpanel-browser ignores its record route). */
  apiHost: string;
}

export const DEFAULT_INITIATOR_TYPES: InitiatorType[] = [
  'audio', 'beacon', 'body', 'css', 'early-hint', 'embed', 'fetch', 'frame', 'iframe', 'icon', 'image', 'img',
  'input', 'link', 'navigation', 'object', 'ping', 'script', 'track', 'video', 'xmlhttprequest',
];

/** Headers that carry credentials: never recorded, whatever recordHeaders lists. */
export const FORBIDDEN_HEADERS = ['authorization', 'cookie', 'set-cookie', 'proxy-authorization'];

/** mixpanel-browser's cap on a recorded body (characters), and the mark it leaves on a cut one. */
export const MAX_BODY_CHARS = 1024 * 1024;
export const TRUNCATED_MARK = '... [truncated]';
/** Our own caps, where mixpanel-browser has none: a header value, a URL, a method. */
export const MAX_HEADER_CHARS = 8 * 1024;
export const MAX_URL_CHARS = 8 * 1024;
export const MAX_HEADERS = 100;

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** Options as mixpanel-browser merges them: each given option replaces its default, direction by direction. */
export function resolveNetworkOptions(config: Config): NetworkOptions {
  const given = (config.record_network_options || {}) as NetworkRecordOptions;
  const headers = given.recordHeaders || {};
  const bodies = given.recordBodyUrls || {};
  const ignoreFn = given.ignoreRequestFn;
  return {
    initiatorTypes: Array.isArray(given.initiatorTypes) ? given.initiatorTypes : DEFAULT_INITIATOR_TYPES,
    ignoreRequestUrls: list(given.ignoreRequestUrls),
    ignoreRequestFn: typeof ignoreFn === 'function' ? ignoreFn : () => false,
    // mixpanel-browser compares the lower-cased header name with the list as written; both are lower-cased
    // here, so 'X-Request-Id' in the list finds the header too.
    recordHeaders: {
      request: list<string>(headers.request).map((name) => String(name).toLowerCase()),
      response: list<string>(headers.response).map((name) => String(name).toLowerCase()),
    },
    recordBodyUrls: { request: list(bodies.request), response: list(bodies.response) },
    recordInitialRequests: given.recordInitialRequests === true,
    apiHost: String(config.api_host || ''),
  };
}

/** mixpanel-browser's urlMatchesRegexList: a string is a regular expression, searched anywhere in the URL. */
export function urlMatches(url: string, patterns: UrlPattern[]): boolean {
  return patterns.some((pattern) => {
    try {
      return url.match(pattern) !== null;
    } catch {
      // A string that is not a valid regular expression still means what it says.
      return typeof pattern === 'string' && url.indexOf(pattern) >= 0;
    }
  });
}

export function headerAllowed(options: NetworkOptions, direction: Direction, name: string): boolean {
  const lower = name.toLowerCase();
  return FORBIDDEN_HEADERS.indexOf(lower) < 0 && options.recordHeaders[direction].indexOf(lower) >= 0;
}

export function bodyAllowed(options: NetworkOptions, direction: Direction, url: string): boolean {
  return options.recordBodyUrls[direction].length > 0 && urlMatches(url, options.recordBodyUrls[direction]);
}

function isOwnRequest(options: NetworkOptions, url: string): boolean {
  const host = options.apiHost;
  return !!host && (url === host || url.indexOf(host + '/') === 0 || url.indexOf(host + '?') === 0);
}

/** True when a request must not be recorded: Hindsight's own, or one the site asked to ignore. */
export function ignored(options: NetworkOptions, request: NetworkRequest): boolean {
  if (isOwnRequest(options, request.url) || urlMatches(request.url, options.ignoreRequestUrls)) return true;
  try {
    return !!options.ignoreRequestFn(request);
  } catch {
    // A site's filter that fails cannot say the request is safe to keep.
    return true;
  }
}

export function capText(text: string, max: number): string {
  return text.length > max ? text.substring(0, max) + TRUNCATED_MARK : text;
}

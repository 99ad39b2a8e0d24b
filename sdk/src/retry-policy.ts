// How both uploaders (events and recordings) react to a server reply. Shared so that /track and
// /record back off the same way when the server is down or asks them to slow down.

/** Retries wait at most this long (mixpanel-browser's cap). */
export const MAX_RETRY_MS = 10 * 60 * 1000;

/** What came back from one upload. status 0 means no HTTP reply: network error, timeout, blocked. */
export interface SendResult {
  status: number;
  /** Seconds, from the Retry-After header, when the server sent one. */
  retryAfter?: number | null;
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Worth trying again later: the server is overloaded, failing or unreachable. Other 4xx never heal. */
export function isRetryable(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

/** The next wait: what the server asked for, or double the last wait, never past the cap. */
export function nextRetryDelay(result: SendResult, lastDelayMs: number): number {
  const asked = result.retryAfter && result.retryAfter > 0 ? result.retryAfter * 1000 : 0;
  return Math.min(MAX_RETRY_MS, asked || lastDelayMs * 2);
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (isFinite(seconds)) return seconds >= 0 ? seconds : null;
  const date = Date.parse(header);
  return isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

// HTTP for /track and /engage, the way mixpanel-browser sends them: POST, form-encoded `data=` field,
// verbose JSON replies. Cookies are not sent: Hindsight needs none from a visitor's browser.
import { formBody } from './encoding';
import { parseRetryAfter, type SendResult } from './retry-policy';

/** <api_host>/track/?verbose=1&ip=1&_=<ms> — `_` defeats caches that ignore POST semantics. */
export function endpointUrl(apiHost: string, route: 'track' | 'engage'): string {
  return `${apiHost}/${route}/?verbose=1&ip=1&_=${Date.now()}`;
}

export async function postForm(url: string, payload: unknown, timeoutMs: number): Promise<SendResult> {
  const controller = typeof AbortController !== 'undefined' ? new AbortController() : null;
  const timer = controller && setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: formBody(payload),
      credentials: 'omit',
      signal: controller?.signal,
    });
    return { status: response.status, retryAfter: parseRetryAfter(response.headers.get('Retry-After')) };
  } catch {
    return { status: 0 };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * Fire-and-forget delivery that survives the page going away. The body arrives as text/plain holding
 * the same `data=` form; nothing reports success, so callers keep the items and resend them later
 * (the server deduplicates on $insert_id).
 */
export function beacon(url: string, payload: unknown): boolean {
  try {
    return typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(url, formBody(payload));
  } catch {
    return false;
  }
}

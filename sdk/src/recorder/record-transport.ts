// POST /record/: one sealed batch of rrweb events, gzip-compressed where the browser can, with the
// query parameters PROTOCOL.md lists and the project token as Basic credentials.
import type { RecordedEvent, RecordQuery } from '@hindsight/types';
import { base64Utf8 } from '../encoding';
import { parseRetryAfter, type SendResult } from '../retry-policy';
import { canGzip, gzip } from './compression';

/** Everything about a batch but its body format, which is chosen when it is sent. */
export type BatchParams = Omit<RecordQuery, 'format'>;

export interface Batch {
  params: BatchParams;
  events: RecordedEvent[];
}

/** The protocol's parameter order; empty optional ones ($user_id before identify) are left out. */
const PARAM_ORDER: Array<keyof RecordQuery> = [
  'replay_id', 'seq', 'format', 'distinct_id', '$device_id', '$user_id', 'replay_start_time', 'batch_start_time',
  'replay_length_ms', '$current_url', 'replay_start_url', 'mp_lib', '$lib_version',
];

export function recordUrl(apiHost: string, params: BatchParams, format: RecordQuery['format']): string {
  const all: Partial<RecordQuery> = { ...params, format };
  const query = new URLSearchParams();
  for (const key of PARAM_ORDER) {
    const value = all[key];
    if (value !== undefined && value !== null && value !== '') query.append(key, String(value));
  }
  return `${apiHost}/record/?${query}`;
}

export function basicAuth(token: string): string {
  return 'Basic ' + base64Utf8(token + ':');
}

async function post(url: string, token: string, body: BodyInit, keepalive: boolean): Promise<SendResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: basicAuth(token), 'Content-Type': 'application/octet-stream' },
      body,
      keepalive,
      credentials: 'omit',
    });
    // Replies are JSON; the status is what decides. Reading the body releases the connection.
    await response.text().catch(() => '');
    return { status: response.status, retryAfter: parseRetryAfter(response.headers.get('Retry-After')) };
  } catch {
    return { status: 0 };
  }
}

export async function sendBatch(apiHost: string, token: string, batch: Batch): Promise<SendResult> {
  const json = JSON.stringify(batch.events);
  if (canGzip()) {
    let compressed: Uint8Array | null = null;
    try {
      compressed = await gzip(json);
    } catch {
      // A compression failure is no reason to lose the batch: send it plain.
    }
    if (compressed) return post(recordUrl(apiHost, batch.params, 'gzip'), token, compressed as BodyInit, false);
  }
  return post(recordUrl(apiHost, batch.params, 'body'), token, json, false);
}

/**
 * For a page being hidden: compression is asynchronous and the page may be gone before it finishes, so
 * the batch goes uncompressed on a keepalive request, which the browser completes after the page dies.
 */
export function sendKeepalive(apiHost: string, token: string, batch: Batch, json: string): Promise<SendResult> {
  return post(recordUrl(apiHost, batch.params, 'body'), token, json, true);
}

// POST /record/: one stored batch with the seq it is sent as, gzip-compressed where the browser can, with
// the query parameters docs/PROTOCOL.md lists and the project token as Basic credentials. Also POST
// /record/dropped/, which tells the server how much of a replay the SDK had to give up.
import type { RecordQuery } from '@hindsight/types';
import { base64Utf8 } from '../encoding';
import type { StoredBatch } from '../idb-queue';
import { parseRetryAfter, type SendResult } from '../retry-policy';
import { canGzip, gzip } from './compression';

/** The protocol's parameter order; empty optional ones ($user_id before identify) are left out. */
const PARAM_ORDER: Array<keyof RecordQuery> = [
  'replay_id', 'seq', 'format', 'distinct_id', '$device_id', '$user_id', 'replay_start_time', 'batch_start_time',
  'replay_length_ms', '$current_url', 'replay_start_url', 'mp_lib', '$lib_version', 'tab_id',
];

export function recordUrl(apiHost: string, query: Partial<RecordQuery>): string {
  const params = new URLSearchParams();
  for (const key of PARAM_ORDER) {
    const value = query[key];
    if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
  }
  return `${apiHost}/record/?${params}`;
}

export function basicAuth(token: string): string {
  return 'Basic ' + base64Utf8(token + ':');
}

/** A reply's status, Retry-After, and its JSON `error` code (capture_paused and quota_exceeded tell a 403 apart). */
export type RecordResult = SendResult & { error?: string };

async function post(url: string, token: string, body: BodyInit, contentType: string, keepalive: boolean): Promise<RecordResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: basicAuth(token), 'Content-Type': contentType },
      body,
      keepalive,
      credentials: 'omit',
    });
    // Replies are JSON; the status decides, the error code refines a refusal. Reading releases the connection.
    let error: string | undefined;
    try {
      const reply = JSON.parse(await response.text()) as { error?: unknown };
      if (typeof reply?.error === 'string') error = reply.error;
    } catch {
      // Not JSON: the status alone speaks.
    }
    return { status: response.status, retryAfter: parseRetryAfter(response.headers.get('Retry-After')), error };
  } catch {
    return { status: 0 };
  }
}

/** Compresses a JSON body where possible: the format and bytes to send. */
export async function encodeBody(json: string): Promise<{ format: 'gzip' | 'body'; body: Uint8Array | string }> {
  if (canGzip()) {
    try {
      return { format: 'gzip', body: await gzip(json) };
    } catch {
      // A compression failure is no reason to lose the batch: it goes plain.
    }
  }
  return { format: 'body', body: json };
}

/** Sends a stored batch as `seq`. keepalive: for a page being hidden (the request outlives the page). */
export async function sendBatch(apiHost: string, token: string, batch: StoredBatch, seq: number, keepalive = false): Promise<RecordResult> {
  const encoded = batch.format === 'body' && !keepalive ? await encodeBody(batch.body as string) : batch;
  const url = recordUrl(apiHost, { ...batch.params, seq, format: encoded.format });
  return post(url, token, encoded.body as BodyInit, 'application/octet-stream', keepalive);
}

export function droppedUrl(apiHost: string, replayId: string): string {
  return `${apiHost}/record/dropped/?replay_id=${encodeURIComponent(replayId)}`;
}

export function sendDropped(apiHost: string, token: string, replayId: string, batches: number, events: number): Promise<RecordResult> {
  return post(droppedUrl(apiHost, replayId), token, JSON.stringify({ batches, events }), 'application/json', false);
}

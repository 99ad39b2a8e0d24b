// Test doubles for the network: a fetch that records requests and answers with chosen statuses, and
// decoders for the bodies the SDK sends.
import { vi } from 'vitest';

export interface SentRequest {
  url: URL;
  init: RequestInit;
}

/** Replaces fetch; answers each request with the next status from `statuses` (200 when they run out). */
export function mockFetch(statuses: Array<number | { status: number; retryAfter?: string }> = []) {
  const requests: SentRequest[] = [];
  const fetchMock = vi.fn(async (input: string | URL, init: RequestInit = {}) => {
    requests.push({ url: new URL(String(input)), init });
    const next = statuses.shift() ?? 200;
    const { status, retryAfter } = typeof next === 'number' ? { status: next, retryAfter: undefined } : next;
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (retryAfter) headers['Retry-After'] = retryAfter;
    return new Response(status === 200 ? '{"status":1,"error":null}' : '{"status":0,"error":"nope"}', { status, headers });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests, fetchMock };
}

/** The JSON inside a /track or /engage form body (`data=` + URL-encoded base64 of UTF-8 JSON). */
export function decodeForm(body: unknown): unknown {
  const data = new URLSearchParams(String(body)).get('data')!;
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** A beacon double that records what was handed to it and reports success. */
export function mockBeacon() {
  const beacons: Array<{ url: string; body: unknown }> = [];
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: vi.fn((url: string, body: unknown) => (beacons.push({ url, body }), true)),
  });
  return beacons;
}

/** Lets pending promise callbacks run (several rounds: fetch → json → decision). */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

let counter = 0;
/** A token of its own per test, so per-token storage keys never collide between tests. */
export function freshToken(): string {
  return `tok${Date.now().toString(36)}${(counter++).toString(36)}`;
}

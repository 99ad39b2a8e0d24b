import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decideAfterSend, EventQueue } from '../src/event-queue';
import { createLogger } from '../src/log';
import { MAX_RETRY_MS, parseRetryAfter, type SendResult } from '../src/retry-policy';
import { localStore } from '../src/storage';
import { settle } from './helpers';

describe('what happens to a batch after the server answered', () => {
  it('removes a batch the server accepted', () => {
    expect(decideAfterSend({ status: 200 }, 50, 50, 5000)).toEqual({ outcome: 'sent' });
  });

  it('halves the batch size on 413', () => {
    expect(decideAfterSend({ status: 413 }, 50, 50, 5000)).toEqual({ outcome: 'shrink', batchSize: 25 });
    expect(decideAfterSend({ status: 413 }, 3, 50, 5000)).toEqual({ outcome: 'shrink', batchSize: 2 });
  });

  it('drops a single event that is still too large', () => {
    expect(decideAfterSend({ status: 413 }, 1, 1, 5000)).toEqual({ outcome: 'drop' });
  });

  it('retries 5xx, 429 and network failures after twice the last wait', () => {
    for (const status of [500, 502, 503, 429, 0]) {
      expect(decideAfterSend({ status }, 10, 50, 5000)).toEqual({ outcome: 'retry', delayMs: 10_000 });
    }
    expect(decideAfterSend({ status: 503 }, 10, 50, 40_000)).toEqual({ outcome: 'retry', delayMs: 80_000 });
  });

  it('never waits longer than ten minutes between retries', () => {
    expect(decideAfterSend({ status: 500 }, 10, 50, 8 * 60_000)).toEqual({ outcome: 'retry', delayMs: MAX_RETRY_MS });
  });

  it('waits as long as Retry-After asks', () => {
    expect(decideAfterSend({ status: 429, retryAfter: 42 }, 10, 50, 5000)).toEqual({ outcome: 'retry', delayMs: 42_000 });
  });

  it('drops a batch any other 4xx refused, since resending cannot help', () => {
    for (const status of [400, 401, 403, 404]) expect(decideAfterSend({ status }, 10, 50, 5000)).toEqual({ outcome: 'drop' });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120')).toBe(120);
    const now = Date.UTC(2030, 0, 1, 0, 0, 0);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});

describe('the event queue', () => {
  const key = 'hs_test_queue_track';
  let answers: SendResult[];
  let sent: unknown[][];
  let beacons: unknown[][];
  let allowed: boolean;

  function queue(options: Partial<{ batchSize: number; interval: number }> = {}) {
    return new EventQueue({
      store: localStore(),
      key,
      send: async (payloads) => {
        sent.push(payloads);
        return answers.shift() ?? { status: 200 };
      },
      beacon: (payloads) => (beacons.push(payloads), true),
      batchSize: () => options.batchSize ?? 50,
      intervalMs: () => options.interval ?? 5000,
      allowed: () => allowed,
      log: createLogger(() => false),
    });
  }

  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
    answers = [];
    sent = [];
    beacons = [];
    allowed = true;
  });
  afterEach(() => vi.useRealTimers());

  async function advance(ms: number) {
    await vi.advanceTimersByTimeAsync(ms);
    await settle();
  }

  it('sends what was queued at the next flush interval, not before', async () => {
    const q = queue();
    q.start();
    q.enqueue({ n: 1 });
    q.enqueue({ n: 2 });
    await advance(4999);
    expect(sent).toHaveLength(0);
    await advance(1);
    expect(sent).toEqual([[{ n: 1 }, { n: 2 }]]);
    expect(q.size()).toBe(0);
  });

  it('sends at once when a full batch is waiting', async () => {
    const q = queue({ batchSize: 3 });
    q.start();
    for (let n = 0; n < 3; n++) q.enqueue({ n });
    await advance(0);
    expect(sent).toEqual([[{ n: 0 }, { n: 1 }, { n: 2 }]]);
  });

  it('keeps the queue in localStorage until the server accepted it', async () => {
    const q = queue();
    q.start();
    q.enqueue({ n: 1 });
    expect(JSON.parse(localStorage.getItem(key)!)).toHaveLength(1);
    await advance(5000);
    expect(JSON.parse(localStorage.getItem(key)!)).toHaveLength(0);
  });

  it('sends what an earlier page left behind once it is overdue (nothing is lost on reload)', async () => {
    const before = queue();
    before.enqueue({ n: 'from the previous page' });
    // The page goes away before any flush; a new page starts its own queue on the same storage.
    const after = queue();
    after.start();
    await advance(5000);
    expect(sent).toHaveLength(0); // not overdue yet: the other page may still be sending it
    await advance(5000);
    expect(sent).toEqual([[{ n: 'from the previous page' }]]);
  });

  it('backs off with doubling waits while the server fails, then resumes the normal pace', async () => {
    answers = [{ status: 503 }, { status: 503 }, { status: 0 }, { status: 200 }];
    const q = queue();
    q.start();
    q.enqueue({ n: 1 });
    await advance(5000);
    expect(sent).toHaveLength(1);
    await advance(9999);
    expect(sent).toHaveLength(1);
    await advance(1); // 10 s after the first failure
    expect(sent).toHaveLength(2);
    await advance(20_000);
    expect(sent).toHaveLength(3);
    await advance(40_000);
    expect(sent).toHaveLength(4);
    expect(q.size()).toBe(0);
    q.enqueue({ n: 2 });
    await advance(5000);
    expect(sent).toHaveLength(5);
  });

  it('honours Retry-After', async () => {
    answers = [{ status: 429, retryAfter: 60 }];
    const q = queue();
    q.start();
    q.enqueue({ n: 1 });
    await advance(5000);
    await advance(59_000);
    expect(sent).toHaveLength(1);
    await advance(1000);
    expect(sent).toHaveLength(2);
  });

  it('halves the batch on 413 and sends everything in smaller batches', async () => {
    answers = [{ status: 413 }];
    const q = queue({ batchSize: 4 });
    q.start();
    for (let n = 0; n < 4; n++) q.enqueue({ n });
    await advance(0);
    await advance(0);
    await advance(5000);
    expect(sent.map((batch) => batch.length)).toEqual([4, 2, 2]);
    expect(q.size()).toBe(0);
  });

  it('drops a batch refused with another 4xx and carries on with the rest', async () => {
    answers = [{ status: 400 }];
    const q = queue({ batchSize: 2 });
    q.start();
    q.enqueue({ n: 1 });
    q.enqueue({ n: 2 });
    await advance(0);
    q.enqueue({ n: 3 });
    await advance(5000);
    expect(sent).toEqual([[{ n: 1 }, { n: 2 }], [{ n: 3 }]]);
    expect(q.size()).toBe(0);
  });

  it('hands everything to sendBeacon at page hide, in batch-size chunks, and keeps it queued', () => {
    const q = queue({ batchSize: 2 });
    for (let n = 0; n < 5; n++) q.enqueue({ n });
    q.flushOnHide();
    expect(beacons.map((b) => b.length)).toEqual([2, 2, 1]);
    // A beacon never says whether it arrived: the items stay until a normal send is acknowledged.
    expect(q.size()).toBe(5);
  });

  it('drops everything queued, unsent, once the visitor is opted out (even by another tab)', async () => {
    const q = queue();
    q.start();
    q.enqueue({ n: 1 });
    q.enqueue({ n: 2 });
    allowed = false;
    q.flushOnHide();
    await advance(5000);
    expect(sent).toEqual([]);
    expect(beacons).toEqual([]);
    expect(q.size()).toBe(0);
    expect(localStorage.getItem(key)).toBeNull();
  });
});

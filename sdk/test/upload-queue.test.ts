import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/log';
import { Batcher } from '../src/recorder/batcher';
import type { Batch } from '../src/recorder/record-transport';
import { pickWithinBudget, takeStash, writeStash } from '../src/recorder/stash';
import { decideUpload, UploadQueue } from '../src/recorder/upload-queue';
import type { SendResult } from '../src/retry-policy';
import { sessionStore, type KeyValueStore } from '../src/storage';
import { settle } from './helpers';

const batch = (seq: number, events = 1): Batch => ({
  params: {
    replay_id: 'r1', seq, distinct_id: 'd', replay_start_time: 1, batch_start_time: 1, replay_length_ms: 0,
    $current_url: 'u', replay_start_url: 'u', mp_lib: 'web', $lib_version: '0.1.0',
  },
  events: Array.from({ length: events }, (_, i) => ({ type: 3, data: { source: 1, i }, timestamp: 1000 + i })),
});

describe('the batcher', () => {
  it('says a batch is full at 1000 events', () => {
    const batcher = new Batcher();
    for (let i = 0; i < 999; i++) expect(batcher.add({ type: 3, data: {}, timestamp: i }, 'u')).toBe(false);
    expect(batcher.add({ type: 3, data: {}, timestamp: 999 }, 'u')).toBe(true);
  });

  it('hands over what it collected with its time span and the URL it started on, then starts empty', () => {
    const batcher = new Batcher();
    batcher.add({ type: 4, data: {}, timestamp: 20 }, 'https://a');
    batcher.add({ type: 2, data: {}, timestamp: 10 }, 'https://b');
    expect(batcher.take()).toMatchObject({ url: 'https://a', firstTimestamp: 10, lastTimestamp: 20 });
    expect(batcher.take()).toBeNull();
  });
});

describe('what happens to a recording batch after the server answered', () => {
  it('acknowledges 2xx, retries 5xx, 429 and network errors, drops other 4xx', () => {
    expect(decideUpload({ status: 200 }, null)).toEqual({ outcome: 'ack' });
    expect(decideUpload({ status: 503 }, null)).toEqual({ outcome: 'retry', delayMs: 20_000 });
    expect(decideUpload({ status: 0 }, 20_000)).toEqual({ outcome: 'retry', delayMs: 40_000 });
    expect(decideUpload({ status: 429, retryAfter: 3 }, 20_000)).toEqual({ outcome: 'retry', delayMs: 3000 });
    expect(decideUpload({ status: 500 }, 400_000)).toEqual({ outcome: 'retry', delayMs: 600_000 });
    for (const status of [400, 401, 413]) expect(decideUpload({ status }, null)).toEqual({ outcome: 'drop' });
  });
});

describe('the upload queue', () => {
  let answers: SendResult[];
  let sent: number[];
  let keepalive: number[];
  let keepaliveAnswer: Promise<SendResult>;
  let allowed: boolean;

  const queue = () =>
    new UploadQueue({
      send: async (b) => (sent.push(b.params.seq), answers.shift() ?? { status: 200 }),
      sendKeepalive: (b) => (keepalive.push(b.params.seq), keepaliveAnswer),
      allowed: () => allowed,
      log: createLogger(() => false),
    });

  beforeEach(() => {
    vi.useFakeTimers();
    answers = [];
    sent = [];
    keepalive = [];
    keepaliveAnswer = Promise.resolve({ status: 200 });
    allowed = true;
  });
  afterEach(() => vi.useRealTimers());

  it('sends nothing and forgets every waiting batch once the visitor is opted out', async () => {
    const q = queue();
    allowed = false;
    q.push(batch(0));
    q.push(batch(1));
    q.sendOnHide(64_000);
    await settle(20);
    expect(sent).toEqual([]);
    expect(keepalive).toEqual([]);
    expect(q.unacked()).toEqual([]);
  });

  it('sends batches one at a time in seq order', async () => {
    const q = queue();
    q.push(batch(0));
    q.push(batch(1));
    q.push(batch(2));
    await settle(20);
    expect(sent).toEqual([0, 1, 2]);
    expect(q.unacked()).toEqual([]);
  });

  it('retries a failed batch after a backoff, honouring Retry-After, and keeps later ones behind it', async () => {
    answers = [{ status: 503, retryAfter: 5 }];
    const q = queue();
    q.push(batch(0));
    q.push(batch(1));
    await settle(20);
    expect(sent).toEqual([0]);
    await vi.advanceTimersByTimeAsync(4999);
    expect(sent).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    await settle(20);
    expect(sent).toEqual([0, 0, 1]);
  });

  it('drops a batch the server refuses and goes on with the next', async () => {
    answers = [{ status: 400 }];
    const q = queue();
    q.push(batch(0));
    q.push(batch(1));
    await settle(20);
    expect(sent).toEqual([0, 1]);
    expect(q.unacked()).toEqual([]);
  });

  it('ignores a second copy of a batch it already holds', async () => {
    answers = [{ status: 503 }];
    const q = queue();
    q.push(batch(0));
    q.push(batch(0));
    expect(q.unacked()).toHaveLength(1);
  });

  it('at page hide sends pending batches on keepalive requests and does not send them twice', async () => {
    let answer!: (r: SendResult) => void;
    keepaliveAnswer = new Promise((resolve) => (answer = resolve));
    const q = queue();
    q.push(batch(0));
    q.sendOnHide(64 * 1024);
    await settle(20);
    expect(keepalive).toEqual([0]);
    expect(sent).toEqual([]); // the normal path waits for the keepalive's answer
    answer({ status: 200 });
    await settle(20);
    expect(sent).toEqual([]);
    expect(q.unacked()).toEqual([]);
  });

  it('falls back to the normal path when the keepalive request fails', async () => {
    keepaliveAnswer = Promise.resolve({ status: 0 });
    const q = queue();
    q.push(batch(0));
    q.sendOnHide(64 * 1024);
    await settle(20);
    expect(sent).toEqual([0]);
  });
});

describe('the page-hide stash', () => {
  const key = 'hs_hindsight_tok_stash';
  beforeEach(() => sessionStorage.clear());

  it('keeps unsent batches, seqs included, for the next page of the tab, which takes them once', () => {
    writeStash(sessionStore(), key, [batch(3), batch(4)]);
    const next = takeStash(sessionStore(), key);
    expect(next.map((b) => b.params.seq)).toEqual([3, 4]);
    expect(next[0].events).toEqual(batch(3).events);
    expect(takeStash(sessionStore(), key)).toEqual([]);
  });

  it('drops the newest batches first when storage is full, keeping a playable beginning', () => {
    // sessionStorage with a tiny quota: writes over 400 characters fail, as setItem does when full.
    const small: KeyValueStore = {
      get: (k) => sessionStorage.getItem(k),
      set: (k, v) => {
        if (v.length >= 400) return false;
        sessionStorage.setItem(k, v);
        return true;
      },
      remove: (k) => sessionStorage.removeItem(k),
    };
    expect(writeStash(small, key, [batch(0), batch(1), batch(2, 20)])).toBe(true);
    expect(takeStash(sessionStore(), key).map((b) => b.params.seq)).toEqual([0]);
  });

  it('ignores a damaged stash', () => {
    sessionStorage.setItem(key, '[{"params":{}},"x",null]');
    expect(takeStash(sessionStore(), key)).toEqual([]);
    sessionStorage.setItem(key, 'not json');
    expect(takeStash(sessionStore(), key)).toEqual([]);
  });

  it('fits keepalive requests into the budget in order, skipping one that is too large', () => {
    expect(pickWithinBudget([10_000, 50_000, 200_000, 3000], 64_000)).toEqual([0, 1, 3]);
    expect(pickWithinBudget([70_000], 64_000)).toEqual([]);
  });
});

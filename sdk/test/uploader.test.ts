import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig, type Config } from '../src/config';
import { memoryDb, type Db } from '../src/idb';
import { IdbQueue, type StoredBatch } from '../src/idb-queue';
import { createLogger } from '../src/log';
import type { RecordResult } from '../src/recorder/record-transport';
import { decideUpload, FIRST_RETRY_MS, Uploader } from '../src/recorder/uploader';
import { ORPHAN_MS, ReplayRegistry, type ReplayRecord } from '../src/replay-registry';
import { MAX_RETRY_MS } from '../src/retry-policy';
import { storedBatch } from './batches';
import { settle } from './helpers';

describe('what happens to a recording batch after the server answered', () => {
  it('acknowledges 2xx, splits 413, stops on capture_paused and quota_exceeded, retries 5xx, 429 and network errors, drops other 4xx', () => {
    expect(decideUpload({ status: 200 }, null)).toEqual({ outcome: 'ack' });
    expect(decideUpload({ status: 413 }, null)).toEqual({ outcome: 'split' });
    expect(decideUpload({ status: 403, error: 'capture_paused' }, null)).toEqual({ outcome: 'paused' });
    expect(decideUpload({ status: 403, error: 'quota_exceeded' }, null)).toEqual({ outcome: 'paused' });
    expect(decideUpload({ status: 403, error: 'forbidden' }, null)).toEqual({ outcome: 'drop' });
    for (const status of [400, 401, 404]) expect(decideUpload({ status }, null)).toEqual({ outcome: 'drop' });
  });

  it('backs off exponentially from FIRST_RETRY_MS up to the cap, or as long as Retry-After asks', () => {
    expect(decideUpload({ status: 503 }, null)).toEqual({ outcome: 'retry', delayMs: FIRST_RETRY_MS });
    expect(decideUpload({ status: 0 }, FIRST_RETRY_MS)).toEqual({ outcome: 'retry', delayMs: FIRST_RETRY_MS * 2 });
    expect(decideUpload({ status: 429, retryAfter: 30 }, FIRST_RETRY_MS)).toEqual({ outcome: 'retry', delayMs: 30_000 });
    expect(decideUpload({ status: 500 }, 400_000)).toEqual({ outcome: 'retry', delayMs: MAX_RETRY_MS });
  });
});

describe('the uploader', () => {
  let db: Db;
  let registry: ReplayRegistry;
  let queue: IdbQueue;
  let config: Config;
  let answers: RecordResult[];
  let sent: Array<{ replay: string; seq: number; order: number; events: number; keepalive: boolean }>;
  let reports: Array<{ replay: string; batches: number; events: number }>;
  let refused: string[];
  let allowed: boolean;
  let optedOut: number;

  function uploader(tabId = 'tab-1') {
    return new Uploader({
      registry, queue, tabId,
      config: () => config,
      send: async (batch, seq, keepalive) => {
        sent.push({ replay: batch.params.replay_id, seq, order: batch.order, events: batch.events, keepalive });
        return answers.shift() ?? { status: 200 };
      },
      reportDropped: async (replay, batches, events) => {
        reports.push({ replay, batches, events });
        return answers.shift() ?? { status: 200 };
      },
      refused: (id) => refused.push(id),
      allowed: () => allowed,
      optedOut: () => optedOut++,
      log: createLogger(() => false),
    });
  }

  async function replayWith(orders: number[], tabId = 'tab-1', start = Date.now()): Promise<ReplayRecord> {
    const record = await registry.create(tabId, start, 'u');
    for (const order of orders) await queue.append(record.key, { ...storedBatch(order, 2, record.replay_id), last: start + 10_000 });
    return record;
  }

  const run = async (ms = 0) => {
    await vi.advanceTimersByTimeAsync(ms);
    await settle(50);
  };

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // The runtime's gzip runs on real time, which fake timers cannot advance: split batches go plain.
    vi.stubGlobal('CompressionStream', undefined);
    db = memoryDb();
    registry = new ReplayRegistry(db, 'hindsight', 'tok');
    queue = new IdbQueue(db);
    config = resolveConfig('tok', 'hindsight', {}, 'https://hs.example.com');
    answers = [];
    sent = [];
    reports = [];
    refused = [];
    allowed = true;
    optedOut = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('sends every waiting batch once, in order, with contiguous seqs', async () => {
    const replay = await replayWith([0, 1, 2]);
    uploader().kick();
    await run();
    expect(sent.map((s) => [s.order, s.seq])).toEqual([[0, 0], [1, 1], [2, 2]]);
    expect(await registry.get(replay.key)).toMatchObject({ seq: 3, batches: 0 });
  });

  it('keeps everything through an outage, backing off, and sends it all once the server answers again', async () => {
    await replayWith([0, 1]);
    answers = [{ status: 0 }, { status: 503 }, { status: 502 }];
    uploader().kick();
    await run();
    expect(sent.map((s) => s.seq)).toEqual([0]);
    await run(FIRST_RETRY_MS);
    await run(FIRST_RETRY_MS * 2);
    expect(sent.map((s) => s.seq)).toEqual([0, 0, 0]);
    await run(FIRST_RETRY_MS * 4 - 1);
    expect(sent).toHaveLength(3); // still waiting out the backoff
    await run(1);
    expect(sent.map((s) => [s.order, s.seq])).toEqual([[0, 0], [0, 0], [0, 0], [0, 0], [1, 1]]);
  });

  it('honours Retry-After on 429', async () => {
    await replayWith([0]);
    answers = [{ status: 429, retryAfter: 20 }];
    uploader().kick();
    await run(19_999);
    expect(sent).toHaveLength(1);
    await run(1);
    expect(sent).toHaveLength(2);
  });

  it('retries at once when the browser comes back online', async () => {
    await replayWith([0]);
    answers = [{ status: 0 }];
    uploader().kick();
    await run();
    dispatchEvent(new Event('online'));
    await run();
    expect(sent).toHaveLength(2);
  });

  it('splits a batch the server finds too large into two that take consecutive seqs before the next batch', async () => {
    await replayWith([0, 1]);
    answers = [{ status: 413 }];
    uploader().kick();
    await run();
    expect(sent.map((s) => [s.order, s.seq, s.events])).toEqual([[0, 0, 2], [0, 0, 1], [0.5, 1, 1], [1, 2, 2]]);
  });

  it('drops a single event the server finds too large, and reports it', async () => {
    const replay = await registry.create('tab-1', Date.now(), 'u');
    await queue.append(replay.key, storedBatch(0, 1, replay.replay_id));
    await queue.append(replay.key, storedBatch(1, 1, replay.replay_id));
    answers = [{ status: 413 }];
    uploader().kick();
    await run();
    expect(sent.map((s) => [s.order, s.seq])).toEqual([[0, 0], [1, 0]]);
    expect(reports).toEqual([{ replay: replay.replay_id, batches: 1, events: 1 }]);
  });

  it('drops a batch refused for good, tells the server how much was dropped, and goes on', async () => {
    const replay = await replayWith([0, 1]);
    answers = [{ status: 400 }];
    uploader().kick();
    await run();
    expect(sent.map((s) => [s.order, s.seq])).toEqual([[0, 0], [1, 0]]);
    expect(reports).toEqual([{ replay: replay.replay_id, batches: 1, events: 2 }]);
    expect(await registry.get(replay.key)).toMatchObject({ dropped_batches: 0, seq: 1 });
  });

  it('keeps a dropped count through an outage and reports it when the server is back', async () => {
    const replay = await replayWith([]);
    await registry.update(replay.key, { dropped_batches: 3, dropped_events: 40 });
    answers = [{ status: 0 }];
    uploader().kick();
    await run(FIRST_RETRY_MS);
    expect(reports).toEqual([
      { replay: replay.replay_id, batches: 3, events: 40 },
      { replay: replay.replay_id, batches: 3, events: 40 },
    ]);
    expect(await registry.get(replay.key)).toMatchObject({ dropped_batches: 0 });
  });

  it('stops a replay the server refuses because capture is paused: no retry, nothing kept, nothing reported', async () => {
    const replay = await replayWith([0, 1]);
    answers = [{ status: 403, error: 'capture_paused' }];
    uploader().kick();
    await run(60_000);
    expect(sent).toHaveLength(1);
    expect(refused).toEqual([replay.replay_id]);
    expect(reports).toEqual([]);
    expect(await registry.get(replay.key)).toBeNull();
  });

  it('holds a replay shorter than record_min_ms, sends it once long enough, and discards one that ends short', async () => {
    config.record_min_ms = 5000;
    const start = Date.now();
    const held = await registry.create('tab-1', start, 'u');
    await queue.append(held.key, { ...storedBatch(0, 2, held.replay_id), last: start + 3000 });
    const up = uploader();
    up.kick();
    await run();
    expect(sent).toEqual([]);
    await queue.append(held.key, { ...storedBatch(1, 2, held.replay_id), last: start + 6000 });
    up.kick();
    await run();
    expect(sent.map((s) => s.seq)).toEqual([0, 1]);

    const short = await registry.create('tab-1', start, 'u'); // ends `held` and starts a new replay
    await queue.append(short.key, { ...storedBatch(0, 2, short.replay_id), last: start + 2000 });
    await registry.end(short.key);
    up.kick();
    await run();
    expect(sent).toHaveLength(2);
    expect(await registry.get(short.key)).toBeNull();
  });

  it('delivers the batches a closed tab left, once that tab has gone quiet', async () => {
    const orphan = await replayWith([0, 1], 'closed-tab', Date.now());
    await registry.end(orphan.key);
    const up = uploader('tab-2');
    up.kick();
    await run();
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(ORPHAN_MS + 1);
    up.kick();
    await run();
    expect(sent.map((s) => [s.replay, s.seq])).toEqual([[orphan.replay_id, 0], [orphan.replay_id, 1]]);
    expect(await registry.get(orphan.key)).toBeNull();
  });

  it('at page hide sends the batches it holds on keepalive requests under the seqs they will have', async () => {
    const replay = await replayWith([0]);
    answers = [{ status: 0 }];
    const up = uploader();
    up.follow((await registry.get(replay.key))!, [0]);
    up.kick();
    await run(); // seq 0 failed: backing off
    const mine: StoredBatch[] = [1, 2].map((order) => storedBatch(order, 2, replay.replay_id));
    for (const batch of mine) {
      up.remember(replay.key, batch);
      await up.append(replay.key, batch);
    }
    sent = [];
    up.sendOnHide(64 * 1024);
    await run();
    // Batch 0 came from an earlier page and is not in memory: nothing can go before it.
    expect(sent).toEqual([]);

    const fresh = await replayWith([]);
    const next = uploader();
    next.follow(fresh, []);
    for (const order of [0, 1]) {
      const batch = storedBatch(order, 2, fresh.replay_id);
      next.remember(fresh.key, batch);
      void next.append(fresh.key, batch);
    }
    next.sendOnHide(64 * 1024);
    await run();
    expect(sent.filter((s) => s.keepalive).map((s) => [s.order, s.seq])).toEqual([[0, 0], [1, 1]]);
  });

  it('sends a batch once when the page is hidden twice, and waits for its keepalive answer before sending it again', async () => {
    const fresh = await replayWith([]);
    let answer!: (result: RecordResult) => void;
    const up = new Uploader({
      registry, queue, tabId: 'tab-1', config: () => config,
      send: (batch, seq, keepalive) => {
        sent.push({ replay: batch.params.replay_id, seq, order: batch.order, events: batch.events, keepalive });
        return keepalive ? new Promise<RecordResult>((resolve) => (answer = resolve)) : Promise.resolve({ status: 200 });
      },
      reportDropped: async () => ({ status: 200 }), refused: () => {}, allowed: () => true, optedOut: () => {},
      log: createLogger(() => false),
    });
    up.follow(fresh, []);
    const batch = storedBatch(0, 2, fresh.replay_id);
    up.remember(fresh.key, batch);
    up.hold(60_000); // appended without a send, as at page hide
    await up.append(fresh.key, batch);
    up.sendOnHide(64 * 1024); // visibilitychange
    up.sendOnHide(64 * 1024); // pagehide
    up.release(); // the page stayed (a background tab): delivery goes on, but batch 0 is on its way
    await run();
    expect(sent.map((s) => [s.order, s.keepalive])).toEqual([[0, true]]);

    answer({ status: 0 }); // the keepalive request failed: now it goes the ordinary way
    await run();
    expect(sent.map((s) => [s.order, s.keepalive])).toEqual([[0, true], [0, false]]);
    expect(await queue.head(fresh.key)).toBeNull();
  });

  it('holds its sends while the page leaves for another page of the site, and resumes if the page stays', async () => {
    const replay = await replayWith([0, 1]);
    const up = uploader();
    up.hold(30_000);
    up.kick();
    await run(29_000);
    expect(sent).toEqual([]);
    await run(1_000);
    expect(sent.map((s) => s.seq)).toEqual([0, 1]);

    sent = [];
    await queue.append(replay.key, storedBatch(2, 2, replay.replay_id));
    up.hold(30_000);
    up.kick();
    await run();
    expect(sent).toEqual([]);
    up.release(); // shown again
    await run();
    expect(sent.map((s) => s.seq)).toEqual([2]);
  });

  describe('once the visitor is opted out', () => {
    it('sends no batch and no dropped report, adopts no orphan, and says so', async () => {
      const replay = await replayWith([0, 1]);
      await registry.update(replay.key, { dropped_batches: 1, dropped_events: 5 });
      const orphan = await replayWith([0], 'closed-tab', 0);
      await registry.update(orphan.key, { seen: 0, live: false });
      allowed = false;
      uploader().kick();
      await run(60_000);
      expect(sent).toEqual([]);
      expect(reports).toEqual([]);
      expect(optedOut).toBeGreaterThan(0);
      expect(await registry.get(orphan.key)).toMatchObject({ tab_id: 'closed-tab' });
    });

    it('an opt-out during a backoff: the retry sends nothing', async () => {
      await replayWith([0]);
      answers = [{ status: 503 }];
      const up = uploader();
      up.kick();
      await run();
      expect(sent).toHaveLength(1);
      allowed = false;
      await run(MAX_RETRY_MS);
      expect(sent).toHaveLength(1);
      expect(optedOut).toBe(1);
    });

    it('an opt-out while a batch was on the wire: the next one does not go', async () => {
      await replayWith([0, 1]);
      const up = new Uploader({
        registry, queue, tabId: 'tab-1',
        config: () => config,
        send: async (batch, seq, keepalive) => {
          sent.push({ replay: batch.params.replay_id, seq, order: batch.order, events: batch.events, keepalive });
          allowed = false; // chosen in another tab while this request was in flight
          return { status: 200 };
        },
        reportDropped: async () => ({ status: 200 }),
        refused: () => undefined,
        allowed: () => allowed,
        optedOut: () => optedOut++,
        log: createLogger(() => false),
      });
      up.kick();
      await run(60_000);
      expect(sent.map((s) => s.order)).toEqual([0]);
    });

    it('an opt-out between picking the next batch or report and sending it: neither goes', async () => {
      const replay = await replayWith([0]);
      const deliveries = registry.deliveries.bind(registry);
      vi.spyOn(registry, 'deliveries').mockImplementation(async (...args) => {
        const picked = await deliveries(...args);
        allowed = false; // chosen in another tab during the read
        return picked;
      });
      uploader().kick();
      await run(60_000);
      expect(sent).toEqual([]);
      allowed = true;
      await registry.update(replay.key, { dropped_batches: 1, dropped_events: 2 });
      uploader().kick();
      await run(60_000);
      expect(reports).toEqual([]);
      expect(sent).toEqual([]);
    });

    it('page hide sends nothing on keepalive, and clear() forgets the retry and the live replay', async () => {
      const fresh = await replayWith([]);
      const up = uploader();
      up.follow(fresh, []);
      const batch = storedBatch(0, 2, fresh.replay_id);
      up.remember(fresh.key, batch);
      allowed = false;
      up.sendOnHide(64 * 1024);
      await run();
      expect(sent).toEqual([]);
      expect(optedOut).toBe(1);

      allowed = true;
      up.clear();
      up.sendOnHide(64 * 1024);
      await run();
      expect(sent).toEqual([]);
    });
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/idb';
import { IdbQueue, sizeOf } from '../src/idb-queue';
import { ReplayRegistry, type ReplayRecord } from '../src/replay-registry';
import { storedBatch } from './batches';
import { backends } from './stores';

describe.each(backends)('the IndexedDB batch queue (%s)', (_name, open) => {
  let db: Db;
  let registry: ReplayRegistry;
  let replay: ReplayRecord;

  beforeEach(async () => {
    db = await open();
    registry = new ReplayRegistry(db, 'hindsight', 'tok');
    replay = await registry.create('tab-1', 1000, 'u');
  });

  /** Sends the head the way the uploader does: as the replay's next seq; returns [order, seq]. */
  async function sendHead(queue: IdbQueue): Promise<[number, number] | null> {
    const head = await queue.head(replay.key);
    if (!head) return null;
    const { seq } = (await registry.get(replay.key))!;
    await queue.ack(replay.key, head.order, seq);
    return [head.order, seq];
  }

  it('keeps batches in the order they were sealed and gives them consecutive seqs as they are acknowledged', async () => {
    const queue = new IdbQueue(db);
    for (const order of [0, 1, 2]) expect((await queue.append(replay.key, storedBatch(order))).outcome).toBe('stored');
    expect(await queue.orders(replay.key)).toEqual([0, 1, 2]);
    expect([await sendHead(queue), await sendHead(queue), await sendHead(queue), await sendHead(queue)]).toEqual([[0, 0], [1, 1], [2, 2], null]);
    expect(await registry.get(replay.key)).toMatchObject({ seq: 3, acked: 2, batches: 0, bytes: 0 });
  });

  it('ignores an acknowledgement that is not for the head under the replay’s next seq (no seq is advanced twice)', async () => {
    const queue = new IdbQueue(db);
    await queue.append(replay.key, storedBatch(0));
    await queue.append(replay.key, storedBatch(1));
    expect(await queue.ack(replay.key, 1, 1)).toBeNull(); // not the head
    expect(await queue.ack(replay.key, 0, 5)).toBeNull(); // not the seq it was sent as
    expect(await queue.ack(replay.key, 0, 0)).toMatchObject({ seq: 1 });
    expect(await queue.ack(replay.key, 0, 0)).toBeNull(); // the same answer again
    expect((await registry.get(replay.key))!.seq).toBe(1);
  });

  it('never takes back a batch that was already acknowledged, nor one it holds (a stash read after a reload)', async () => {
    const queue = new IdbQueue(db);
    await queue.append(replay.key, storedBatch(0));
    await queue.append(replay.key, storedBatch(1));
    await sendHead(queue);
    expect((await queue.append(replay.key, storedBatch(0))).outcome).toBe('duplicate');
    expect((await queue.append(replay.key, storedBatch(1))).outcome).toBe('duplicate');
    expect(await queue.orders(replay.key)).toEqual([1]);
  });

  it('keeps nothing for a replay that is gone', async () => {
    const queue = new IdbQueue(db);
    await queue.discard(replay.key);
    expect((await queue.append(replay.key, storedBatch(0))).outcome).toBe('gone');
  });

  it('splits the head in two halves that take its place and the next seq, ahead of the batches behind it', async () => {
    const queue = new IdbQueue(db);
    await queue.append(replay.key, storedBatch(0, 4));
    await queue.append(replay.key, storedBatch(1));
    await sendHead(queue); // seq 0 acknowledged
    await queue.append(replay.key, storedBatch(2, 4));
    const head = (await queue.head(replay.key))!;
    expect(head.order).toBe(1);
    const big = storedBatch(1, 4);
    await queue.split(replay.key, 1, [{ ...big, events: 2 }, { ...big, events: 2, body: '[]' }]);
    const sent = [await sendHead(queue), await sendHead(queue), await sendHead(queue)];
    // The halves go as seqs 1 and 2; the batch that was behind them follows as seq 3. No seq repeats.
    expect(sent.map((s) => s![1])).toEqual([1, 2, 3]);
    expect(sent.map((s) => s![0])).toEqual([1, 1.5, 2]);
  });

  it('drops a batch the server will never take and counts it for the report', async () => {
    const queue = new IdbQueue(db);
    await queue.append(replay.key, storedBatch(0, 7));
    await queue.append(replay.key, storedBatch(1));
    await queue.drop(replay.key, 0);
    expect(await registry.get(replay.key)).toMatchObject({ seq: 0, batches: 1, dropped_batches: 1, dropped_events: 7 });
    expect((await queue.head(replay.key))!.order).toBe(1);
    await queue.reported(replay.key, 1, 7);
    expect(await registry.get(replay.key)).toMatchObject({ dropped_batches: 0, dropped_events: 0 });
  });

  it('keeps each replay within its byte budget and all replays within the total, counting what it drops', async () => {
    const one = sizeOf(storedBatch(0, 10));
    const queue = new IdbQueue(db, { perReplay: one * 2, total: one * 3 });
    const results = [];
    for (const order of [0, 1, 2]) results.push((await queue.append(replay.key, storedBatch(order, 10))).outcome);
    expect(results).toEqual(['stored', 'stored', 'dropped']);
    expect(await registry.get(replay.key)).toMatchObject({ batches: 2, bytes: one * 2, dropped_batches: 1, dropped_events: 10 });

    const other = await registry.create('tab-2', 1000, 'u');
    const more = [];
    for (const order of [0, 1]) more.push((await queue.append(other.key, storedBatch(order, 10))).outcome);
    expect(more).toEqual(['stored', 'dropped']); // the total budget is full
    // Acknowledged batches free their room.
    await sendHead(queue);
    expect((await queue.append(other.key, storedBatch(2, 10))).outcome).toBe('stored');
  });

  it('discards a replay whole: batches and record', async () => {
    const queue = new IdbQueue(db);
    await queue.append(replay.key, storedBatch(0));
    await queue.discard(replay.key);
    expect(await queue.head(replay.key)).toBeNull();
    expect(await registry.get(replay.key)).toBeNull();
  });

  it('records how long the replay is from the batches it stored', async () => {
    const queue = new IdbQueue(db);
    await queue.append(replay.key, storedBatch(3));
    expect((await registry.get(replay.key))!.last_event).toBe(storedBatch(3).last);
  });

  it('keeps gzip bodies as bytes', async () => {
    const queue = new IdbQueue(db);
    const bytes = new Uint8Array([31, 139, 8, 0, 1, 2, 3]);
    await queue.append(replay.key, { ...storedBatch(0), format: 'gzip', body: bytes });
    const head = (await queue.head(replay.key))!;
    expect(head.format).toBe('gzip');
    expect(Array.from(head.body as Uint8Array)).toEqual(Array.from(bytes));
  });
});

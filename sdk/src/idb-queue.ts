// Unsent batches, in IndexedDB (idb.ts) under [`__mprec_<instance>_<token>_<replay id>`, position], until
// the server acknowledges them. They survive reloads, closed tabs and server outages.
//
// A batch gets its seq when it is sent, not when it is sealed: the head of a replay's queue always goes
// as the replay's next seq (ReplayRecord.seq), which advances only when the server acknowledges it. So
// seq stays the playback order with no gaps, a batch is re-sent only under the seq it was first sent
// with (the server upserts it), and a batch the server finds too large (413) is split into two batches
// that take two consecutive seqs in its place — no seq already acknowledged is ever reused.
//
// Bounded: each replay keeps at most BUDGET.perReplay bytes waiting, all replays together BUDGET.total.
// A batch that does not fit is dropped and counted on its replay, and the count is reported to the server.
import type { RecordQuery } from '@hindsight/types';
import type { Db, Tx } from './idb';
import type { ReplayRecord } from './replay-registry';

/** Everything a /record request needs but its seq and body format, which are settled when it is sent. */
export type BatchParams = Omit<RecordQuery, 'seq' | 'format'>;

export interface StoredBatch {
  /** Position in its replay's queue: the order batches were sealed in (a split half takes a fraction). */
  order: number;
  params: BatchParams;
  /** gzip bytes, or the JSON text where the browser cannot compress (or the page had no time to). */
  body: Uint8Array | string;
  format: 'gzip' | 'body';
  events: number;
  /** Timestamp of the batch's newest rrweb event. */
  last: number;
}

export const BUDGET = {
  /** Waiting bytes (as stored, mostly gzip) per replay: hours of an ordinary page. */
  perReplay: 8 * 1024 * 1024,
  /** Waiting bytes for all replays of the site in this browser. */
  total: 32 * 1024 * 1024,
};

export type AppendOutcome = 'stored' | 'duplicate' | 'dropped' | 'gone';

export const sizeOf = (batch: StoredBatch) => (typeof batch.body === 'string' ? batch.body.length * 2 : batch.body.byteLength);

const lower = (key: string) => [key, -Infinity];
const upper = (key: string) => [key, Infinity];

export class IdbQueue {
  constructor(
    private readonly db: Db,
    private readonly budget = BUDGET,
  ) {}

  /** Adds a sealed batch to its replay's queue, unless it is already there or was acknowledged. */
  append(key: string, batch: StoredBatch): Promise<{ outcome: AppendOutcome; record: ReplayRecord | null }> {
    return this.db.run('readwrite', async (tx) => {
      const record = await tx.get<ReplayRecord>('replays', key);
      if (!record) return { outcome: 'gone' as const, record: null };
      if (batch.order <= record.acked || (await tx.get('batches', [key, batch.order]))) return { outcome: 'duplicate' as const, record };
      const bytes = sizeOf(batch);
      const total = (await tx.range<ReplayRecord>('replays', '', '\uffff')).reduce((sum, r) => sum + (r.bytes || 0), 0);
      let updated: ReplayRecord;
      let outcome: AppendOutcome;
      if (record.bytes + bytes > this.budget.perReplay || total + bytes > this.budget.total) {
        updated = { ...record, dropped_batches: record.dropped_batches + 1, dropped_events: record.dropped_events + batch.events };
        outcome = 'dropped';
      } else {
        await tx.put('batches', [key, batch.order], batch);
        updated = { ...record, batches: record.batches + 1, bytes: record.bytes + bytes };
        outcome = 'stored';
      }
      updated.last_event = Math.max(record.last_event, batch.last);
      updated.seen = Date.now();
      await tx.put('replays', key, updated);
      return { outcome, record: updated };
    });
  }

  /** The batch to send next for this replay, or null. */
  head(key: string): Promise<StoredBatch | null> {
    return this.db.run('readonly', async (tx) => (await tx.range<StoredBatch>('batches', lower(key), upper(key), 1))[0] || null);
  }

  /** Positions of every waiting batch of the replay, in order. */
  orders(key: string): Promise<number[]> {
    return this.db.run('readonly', async (tx) => (await tx.keys('batches', lower(key), upper(key))).map((k) => (k as number[])[1]));
  }

  /**
   * The server acknowledged the batch at `order`, sent as `seq`. Applied only if it is still the head and
   * the replay still expects that seq; otherwise another page already did (the result is the same).
   */
  ack(key: string, order: number, seq: number): Promise<ReplayRecord | null> {
    return this.db.run('readwrite', async (tx) => {
      const record = await tx.get<ReplayRecord>('replays', key);
      const head = (await tx.range<StoredBatch>('batches', lower(key), upper(key), 1))[0];
      if (!record || !head || head.order !== order || record.seq !== seq) return null;
      return this.remove(tx, record, head, { seq: seq + 1, acked: order });
    });
  }

  /** Replaces the head batch by its two halves (413): they take its place and, in turn, the next two seqs. */
  split(key: string, order: number, halves: [StoredBatch, StoredBatch]): Promise<void> {
    return this.db.run('readwrite', async (tx) => {
      const record = await tx.get<ReplayRecord>('replays', key);
      const [head, next] = await tx.range<StoredBatch>('batches', lower(key), upper(key), 2);
      if (!record || !head || head.order !== order) return;
      const secondOrder = (order + (next ? next.order : order + 1)) / 2;
      await tx.put('batches', [key, order], { ...halves[0], order });
      await tx.put('batches', [key, secondOrder], { ...halves[1], order: secondOrder });
      const bytes = record.bytes - sizeOf(head) + sizeOf(halves[0]) + sizeOf(halves[1]);
      await tx.put('replays', key, { ...record, batches: record.batches + 1, bytes, seen: Date.now() });
    });
  }

  /** The server will never take this batch: it leaves the queue and is counted for the dropped report. */
  drop(key: string, order: number): Promise<ReplayRecord | null> {
    return this.db.run('readwrite', async (tx) => {
      const record = await tx.get<ReplayRecord>('replays', key);
      const batch = await tx.get<StoredBatch>('batches', [key, order]);
      if (!record || !batch) return null;
      return this.remove(tx, record, batch, {
        dropped_batches: record.dropped_batches + 1,
        dropped_events: record.dropped_events + batch.events,
      });
    });
  }

  /** The drop counts reached the server: forget them (and the record, if nothing else holds it). */
  reported(key: string, batches: number, events: number): Promise<void> {
    return this.db.run('readwrite', async (tx) => {
      const record = await tx.get<ReplayRecord>('replays', key);
      if (!record) return;
      const updated = {
        ...record,
        dropped_batches: Math.max(0, record.dropped_batches - batches),
        dropped_events: Math.max(0, record.dropped_events - events),
      };
      await this.save(tx, updated);
    });
  }

  /** Deletes a replay's batches and record without sending them (too short, or capture paused). */
  discard(key: string): Promise<void> {
    return this.db.run('readwrite', async (tx) => {
      for (const k of await tx.keys('batches', lower(key), upper(key))) await tx.delete('batches', k);
      await tx.delete('replays', key);
    });
  }

  private async remove(tx: Tx, record: ReplayRecord, batch: StoredBatch, change: Partial<ReplayRecord>): Promise<ReplayRecord> {
    await tx.delete('batches', [record.key, batch.order]);
    const updated = { ...record, ...change, batches: record.batches - 1, bytes: Math.max(0, record.bytes - sizeOf(batch)), seen: Date.now() };
    await this.save(tx, updated);
    return updated;
  }

  /** An ended replay with nothing left to deliver or report is forgotten. */
  private async save(tx: Tx, record: ReplayRecord): Promise<void> {
    if (!record.live && record.batches <= 0 && record.dropped_batches <= 0) await tx.delete('replays', record.key);
    else await tx.put('replays', record.key, record);
  }
}

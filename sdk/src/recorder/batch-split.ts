// A 413 means the batch is larger than the server takes: it becomes two batches of half the events each,
// which take its place in the queue (idb-queue.ts) and so the next two seqs. A batch of one event cannot
// be split: it is dropped and reported.
import type { RecordedEvent } from '@hindsight/types';
import type { StoredBatch } from '../idb-queue';
import { gunzip } from './compression';
import { encodeBody } from './record-transport';

async function eventsOf(batch: StoredBatch): Promise<RecordedEvent[]> {
  const json = batch.format === 'gzip' ? await gunzip(batch.body as Uint8Array) : (batch.body as string);
  return JSON.parse(json) as RecordedEvent[];
}

async function half(batch: StoredBatch, events: RecordedEvent[]): Promise<StoredBatch> {
  const first = Math.min(...events.map((e) => e.timestamp));
  const last = Math.max(...events.map((e) => e.timestamp));
  const { format, body } = await encodeBody(JSON.stringify(events));
  return {
    ...batch,
    format,
    body,
    events: events.length,
    last,
    params: {
      ...batch.params,
      batch_start_time: first / 1000,
      replay_length_ms: Math.max(0, last - batch.params.replay_start_time * 1000),
    },
  };
}

export async function splitBatch(batch: StoredBatch): Promise<[StoredBatch, StoredBatch] | null> {
  let events: RecordedEvent[];
  try {
    events = await eventsOf(batch);
  } catch {
    return null;
  }
  if (!Array.isArray(events) || events.length < 2) return null;
  const middle = Math.ceil(events.length / 2);
  return [await half(batch, events.slice(0, middle)), await half(batch, events.slice(middle))];
}

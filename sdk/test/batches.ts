// Batches as the recorder stores them, for the queue and uploader tests.
import type { StoredBatch } from '../src/idb-queue';

export function storedBatch(order: number, events = 1, replayId = 'r1'): StoredBatch {
  const list = Array.from({ length: events }, (_, i) => ({ type: 3, data: { source: 1, i }, timestamp: 1000 + order * 100 + i }));
  return {
    order,
    params: {
      replay_id: replayId, distinct_id: 'd', replay_start_time: 1, batch_start_time: 1, replay_length_ms: 0,
      $current_url: 'u', replay_start_url: 'u', mp_lib: 'web', $lib_version: '0.1.0',
    },
    body: JSON.stringify(list),
    format: 'body',
    events,
    last: list[list.length - 1].timestamp,
  };
}

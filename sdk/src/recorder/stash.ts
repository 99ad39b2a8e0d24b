// The page-hide safety net. Batches live in IndexedDB, but a write started while the page is being torn
// down may never land; sessionStorage is written synchronously and the next page of the tab reads it.
// So at page hide, batches not yet confirmed in IndexedDB are also stashed here (as JSON text), and the
// next page puts them into the queue, where a batch already there, or already acknowledged, is ignored.
import type { StoredBatch } from '../idb-queue';
import { readJson, writeJson, type KeyValueStore } from '../storage';

export interface StashedBatch {
  /** The replay's key (replay-registry.ts). */
  key: string;
  batch: StoredBatch;
}

export function writeStash(store: KeyValueStore | null, key: string, stashed: StashedBatch[]): boolean {
  let kept = stashed.filter((s) => typeof s.batch.body === 'string');
  if (!kept.length) {
    store?.remove(key);
    return true;
  }
  while (kept.length) {
    if (writeJson(store, key, kept)) return true;
    // Over the storage quota: drop the newest, so what remains is still a playable beginning.
    kept = kept.slice(0, -1);
  }
  store?.remove(key);
  return false;
}

function isStashed(value: unknown): value is StashedBatch {
  const s = value as StashedBatch;
  return !!s && typeof s.key === 'string' && !!s.batch && typeof s.batch.order === 'number' &&
    typeof s.batch.body === 'string' && !!s.batch.params && typeof s.batch.params.replay_id === 'string';
}

/** Reads and removes the stash: from here on the batches live in the IndexedDB queue. */
export function takeStash(store: KeyValueStore | null, key: string): StashedBatch[] {
  const stashed = readJson<unknown[]>(store, key);
  store?.remove(key);
  return Array.isArray(stashed) ? stashed.filter(isStashed) : [];
}

/**
 * Which batches (by index) to send on keepalive requests, in order, within the browser's budget for
 * requests that outlive the page (64 KiB in flight, shared with beacons). Stops at the first that does
 * not fit, so what goes is a run of consecutive seqs from the head; the rest waits in IndexedDB.
 */
export function pickWithinBudget(sizes: number[], budget: number): number[] {
  const picked: number[] = [];
  let left = budget;
  for (let i = 0; i < sizes.length && sizes[i] <= left; i++) {
    picked.push(i);
    left -= sizes[i];
  }
  return picked;
}

// Unsent batches survive a navigation or reload in sessionStorage: written synchronously at page hide
// (the only moment we are sure to run), read by the next page of the tab, which sends them again with
// the seqs they were given. The server upserts by (replay_id, seq), so a batch that did arrive through
// the keepalive request is merely replaced by itself.
import { readJson, writeJson, type KeyValueStore } from '../storage';
import type { Batch } from './record-transport';

export function writeStash(store: KeyValueStore | null, key: string, batches: Batch[]): boolean {
  let kept = batches;
  while (kept.length) {
    if (writeJson(store, key, kept)) return true;
    // Over the storage quota: drop the newest, so what remains is still a playable beginning.
    kept = kept.slice(0, -1);
  }
  store?.remove(key);
  return false;
}

function isBatch(value: unknown): value is Batch {
  const batch = value as Batch;
  return !!batch && !!batch.params && typeof batch.params.replay_id === 'string' &&
    typeof batch.params.seq === 'number' && Array.isArray(batch.events) && batch.events.length > 0;
}

/** Reads and removes the stash: from here on the batches live in this page's upload queue. */
export function takeStash(store: KeyValueStore | null, key: string): Batch[] {
  const stashed = readJson<unknown[]>(store, key);
  store?.remove(key);
  return Array.isArray(stashed) ? stashed.filter(isBatch) : [];
}

/**
 * Which batches (by index) to send on keepalive requests, in seq order, within the browser's budget for
 * requests that outlive the page (64 KiB in flight, shared with beacons). A batch too large for what is
 * left is skipped for a smaller later one; the stash still carries it to the next page.
 */
export function pickWithinBudget(sizes: number[], budget: number): number[] {
  const picked: number[] = [];
  let left = budget;
  sizes.forEach((size, index) => {
    if (size <= left) {
      picked.push(index);
      left -= size;
    }
  });
  return picked;
}

import { beforeEach, describe, expect, it } from 'vitest';
import { Batcher } from '../src/recorder/batcher';
import { pickWithinBudget, takeStash, writeStash } from '../src/recorder/stash';
import { sessionStore, type KeyValueStore } from '../src/storage';
import { storedBatch } from './batches';

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

describe('the page-hide stash', () => {
  const key = 'hs_hindsight_tok_stash';
  beforeEach(() => sessionStorage.clear());
  const stashed = (order: number, events = 1) => ({ key: '__mprec_hindsight_tok_r1', batch: storedBatch(order, events) });

  it('keeps batches not yet in IndexedDB for the next page of the tab, which takes them once', () => {
    writeStash(sessionStore(), key, [stashed(3), stashed(4)]);
    const next = takeStash(sessionStore(), key);
    expect(next.map((s) => s.batch.order)).toEqual([3, 4]);
    expect(next[0]).toEqual(stashed(3));
    expect(takeStash(sessionStore(), key)).toEqual([]);
  });

  it('drops the newest batches first when storage is full, keeping a playable beginning', () => {
    // sessionStorage with a tiny quota: writes over 500 characters fail, as setItem does when full.
    const small: KeyValueStore = {
      get: (k) => sessionStorage.getItem(k),
      set: (k, v) => {
        if (v.length >= 500) return false;
        sessionStorage.setItem(k, v);
        return true;
      },
      remove: (k) => sessionStorage.removeItem(k),
    };
    expect(writeStash(small, key, [stashed(0), stashed(1), stashed(2, 20)])).toBe(true);
    expect(takeStash(sessionStore(), key).map((s) => s.batch.order)).toEqual([0]);
  });

  it('ignores a damaged stash', () => {
    sessionStorage.setItem(key, '[{"key":"k","batch":{}},"x",null]');
    expect(takeStash(sessionStore(), key)).toEqual([]);
    sessionStorage.setItem(key, 'not json');
    expect(takeStash(sessionStore(), key)).toEqual([]);
  });

  it('fits keepalive requests into the budget in order, stopping at the first that does not fit', () => {
    expect(pickWithinBudget([10_000, 50_000, 5000], 64_000)).toEqual([0, 1]);
    expect(pickWithinBudget([10_000, 200_000, 3000], 64_000)).toEqual([0]);
    expect(pickWithinBudget([70_000], 64_000)).toEqual([]);
  });
});

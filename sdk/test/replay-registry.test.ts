import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/idb';
import { IdbQueue } from '../src/idb-queue';
import { isExpired, isShort, ORPHAN_MS, replayKey, ReplayRegistry } from '../src/replay-registry';
import { backends } from './stores';
import { storedBatch } from './batches';

describe.each(backends)('the replay registry (%s)', (_name, open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });
  const registry = () => new ReplayRegistry(db, 'hindsight', 'tok');

  it('keys a replay by instance, token and replay id, as its batches are', async () => {
    const record = await registry().create('tab-1', 1000, 'https://shop.example/a');
    expect(record.key).toBe(replayKey('hindsight', 'tok', record.replay_id));
    expect(record.key).toBe(`__mprec_hindsight_tok_${record.replay_id}`);
    expect(record).toMatchObject({ tab_id: 'tab-1', live: true, seq: 0, acked: -1, start_time: 1000, start_url: 'https://shop.example/a' });
  });

  it('finds the tab’s replay on the next page load (the registry survives a reload)', async () => {
    const created = await registry().create('tab-1', 1000, 'u');
    // A new page of the same tab: new objects, same database, same tab id.
    expect((await registry().current('tab-1'))!.replay_id).toBe(created.replay_id);
    expect(await registry().current('tab-2')).toBeNull();
  });

  it('a new replay in a tab ends the previous one, which stays while it has batches to deliver', async () => {
    const r = registry();
    const first = await r.create('tab-1', 1000, 'u');
    await new IdbQueue(db).append(first.key, storedBatch(0));
    const second = await r.create('tab-1', 2000, 'u');
    expect((await r.current('tab-1'))!.replay_id).toBe(second.replay_id);
    expect(await r.get(first.key)).toMatchObject({ live: false, batches: 1 });
  });

  it('forgets an ended replay with nothing left to deliver', async () => {
    const r = registry();
    const record = await r.create('tab-1', 1000, 'u');
    await r.end(record.key);
    expect(await r.get(record.key)).toBeNull();
  });

  it('on opt-out forgets every replay of the instance and every batch waiting for one, and only those', async () => {
    const r = registry();
    const queue = new IdbQueue(db);
    const live = await r.create('tab-1', 1000, 'u');
    const left = await r.create('closed-tab', 500, 'u');
    const other = await new ReplayRegistry(db, 'hindsight', 'other').create('tab-1', 1000, 'u');
    for (const record of [live, left, other]) await queue.append(record.key, storedBatch(0, 1, record.replay_id));
    await queue.append(live.key, storedBatch(1, 1, live.replay_id));
    await r.forgetAll();
    expect(await r.get(live.key)).toBeNull();
    expect(await r.get(left.key)).toBeNull();
    expect(await queue.orders(live.key)).toEqual([]);
    expect(await queue.orders(left.key)).toEqual([]);
    // Another project's consent is its own.
    expect(await queue.orders(other.key)).toEqual([0]);
    expect(await r.get(other.key)).toMatchObject({ batches: 1 });
  });

  it('keeps separate replays for separate instances and projects', async () => {
    const a = await registry().create('tab-1', 1000, 'u');
    const b = await new ReplayRegistry(db, 'second', 'tok').create('tab-1', 1000, 'u');
    const c = await new ReplayRegistry(db, 'hindsight', 'other').create('tab-1', 1000, 'u');
    expect((await registry().current('tab-1'))!.replay_id).toBe(a.replay_id);
    expect(new Set([a.key, b.key, c.key]).size).toBe(3);
  });

  it('delivers its own tab’s replays, and adopts those a closed tab left once they are orphaned', async () => {
    const r = registry();
    const closed = await r.create('closed-tab', 0, 'u');
    await new IdbQueue(db).append(closed.key, storedBatch(0));
    await r.update(closed.key, { seen: 0 });
    const idle = 30 * 60_000;
    // Not yet: the other tab may still be alive.
    expect(await r.deliveries('tab-2', ORPHAN_MS, idle, 86_400_000)).toEqual([]);
    expect(await r.hasDeliveries('tab-2', ORPHAN_MS, idle, 86_400_000)).toBe(false);
    const later = idle + ORPHAN_MS + 1;
    expect(await r.hasDeliveries('tab-2', later, idle, 86_400_000)).toBe(true);
    const adopted = await r.deliveries('tab-2', later, idle, 86_400_000);
    expect(adopted.map((x) => [x.replay_id, x.tab_id, x.live])).toEqual([[closed.replay_id, 'tab-2', false]]);
    // Adopted once: a third tab finds it taken.
    expect(await r.deliveries('tab-3', later, idle, 86_400_000)).toEqual([]);
  });

  it('expires a replay after the idle timeout without activity or past its maximum length', () => {
    const entry = { start_time: 0, last_activity: 10_000 };
    expect(isExpired(entry, 10_000 + 30 * 60_000, 30 * 60_000, 24 * 3600_000)).toBe(false);
    expect(isExpired(entry, 10_001 + 30 * 60_000, 30 * 60_000, 24 * 3600_000)).toBe(true);
    expect(isExpired({ ...entry, last_activity: 24 * 3600_000 }, 24 * 3600_000 + 1, 30 * 60_000, 24 * 3600_000)).toBe(true);
  });

  it('calls a replay short while its events span less than record_min_ms', async () => {
    const record = await registry().create('tab-1', 1000, 'u');
    expect(isShort({ ...record, last_event: 5999 }, 5000)).toBe(true);
    expect(isShort({ ...record, last_event: 6000 }, 5000)).toBe(false);
    expect(isShort(record, 0)).toBe(false);
  });
});

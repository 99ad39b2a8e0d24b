import { beforeEach, describe, expect, it } from 'vitest';
import { isExpired, ReplayRegistry } from '../src/replay-registry';
import { sessionStore } from '../src/storage';

describe('the tab replay registry', () => {
  beforeEach(() => sessionStorage.clear());
  const registry = () => new ReplayRegistry(sessionStore(), 'hindsight', 'tok');

  it('hands out seqs 0, 1, 2… for the replay it holds', () => {
    const r = registry();
    const entry = r.create(1000, 'https://shop.example/a');
    expect(entry).toMatchObject({ seq: 0, start_time: 1000, start_url: 'https://shop.example/a', last_activity: 1000 });
    expect([r.takeSeq(entry.replay_id), r.takeSeq(entry.replay_id), r.takeSeq(entry.replay_id)]).toEqual([0, 1, 2]);
  });

  it('continues the same replay with the next seq after a reload', () => {
    const page1 = registry();
    const entry = page1.create(1000, 'https://shop.example/a');
    page1.takeSeq(entry.replay_id);
    page1.takeSeq(entry.replay_id);
    // A new page of the same tab: same sessionStorage, new objects.
    const page2 = registry();
    expect(page2.read()).toMatchObject({ replay_id: entry.replay_id, seq: 2, start_time: 1000 });
    expect(page2.takeSeq(entry.replay_id)).toBe(2);
  });

  it('gives no seq for a replay the tab has moved on from', () => {
    const r = registry();
    const old = r.create(1000, 'u');
    r.create(2000, 'u');
    expect(r.takeSeq(old.replay_id)).toBeNull();
    expect(r.update(old.replay_id, { paused: true })).toBeNull();
  });

  it('keeps separate replays for separate instances and projects', () => {
    const a = registry().create(1000, 'u');
    const b = new ReplayRegistry(sessionStore(), 'second', 'tok').create(1000, 'u');
    expect(registry().read()!.replay_id).toBe(a.replay_id);
    expect(b.replay_id).not.toBe(a.replay_id);
  });

  it('expires a replay after the idle timeout without activity or past its maximum length', () => {
    const entry = { replay_id: 'r', seq: 3, start_time: 0, start_url: 'u', last_activity: 10_000 };
    expect(isExpired(entry, 10_000 + 30 * 60_000, 30 * 60_000, 24 * 3600_000)).toBe(false);
    expect(isExpired(entry, 10_001 + 30 * 60_000, 30 * 60_000, 24 * 3600_000)).toBe(true);
    expect(isExpired({ ...entry, last_activity: 24 * 3600_000 }, 24 * 3600_000 + 1, 30 * 60_000, 24 * 3600_000)).toBe(true);
  });

  it('tells a reload (the mark was released) from a duplicated tab (the mark is still held)', () => {
    const first = registry();
    expect(first.claimPage()).toBe(true);
    // Duplicating the tab copies sessionStorage while the first page still holds the mark.
    expect(registry().claimPage()).toBe(false);
    sessionStorage.clear();
    const page1 = registry();
    page1.claimPage();
    page1.releasePage(); // page hide of a navigation
    expect(registry().claimPage()).toBe(true);
  });
});

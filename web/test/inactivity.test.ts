import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@hindsight/types';
import { InactivityTracker, inactivePeriods, isUserInteraction, skipTarget } from '../src/lib/inactivity';

const meta = (t: number): RecordedEvent => ({ type: 4, data: { href: 'https://shop.example/', width: 1280, height: 720 }, timestamp: t });
const snapshot = (t: number): RecordedEvent => ({ type: 2, data: { node: {}, initialOffset: { top: 0, left: 0 } }, timestamp: t });
const incremental = (t: number, source: number): RecordedEvent => ({ type: 3, data: { source }, timestamp: t });
const mutation = (t: number) => incremental(t, 0);
const mouseMove = (t: number) => incremental(t, 1);
const click = (t: number) => incremental(t, 2);
const input = (t: number) => incremental(t, 5);

describe('isUserInteraction', () => {
  it('counts mouse, scroll, resize and input, but not DOM mutations or snapshots', () => {
    expect([1, 2, 3, 4, 5].map((s) => isUserInteraction(incremental(0, s)))).toEqual([true, true, true, true, true]);
    expect(isUserInteraction(mutation(0))).toBe(false);
    expect(isUserInteraction(incremental(0, 8))).toBe(false);
    expect(isUserInteraction(snapshot(0))).toBe(false);
  });
});

describe('inactivePeriods', () => {
  it('finds a gap between interactions longer than the threshold', () => {
    const events = [meta(0), snapshot(0), click(1_000), input(2_000), click(20_000), mouseMove(21_000)];
    expect(inactivePeriods(events, 10_000)).toEqual([[2_000, 20_000]]);
  });

  it('ignores gaps at or under the threshold', () => {
    const events = [meta(0), click(5_000), click(15_000), click(25_000)];
    expect(inactivePeriods(events, 10_000)).toEqual([]);
  });

  it('counts a quiet start from the first event to the first interaction', () => {
    const events = [meta(100), snapshot(100), click(30_100)];
    expect(inactivePeriods(events, 10_000)).toEqual([[100, 30_100]]);
  });

  it('treats a page that only changes by itself as inactive', () => {
    const events = [meta(0), click(1_000), mutation(5_000), mutation(12_000), mutation(18_000), click(40_000)];
    expect(inactivePeriods(events, 10_000)).toEqual([[1_000, 40_000]]);
  });

  it('leaves the tail after the last interaction alone, like rrweb-player', () => {
    const events = [meta(0), click(1_000), mutation(60_000)];
    expect(inactivePeriods(events, 10_000)).toEqual([]);
  });

  it('finds the same periods when the events arrive chunk by chunk', () => {
    const events = [meta(0), snapshot(0), click(12_000), mutation(14_000), input(15_000), mouseMove(40_000), click(41_000), click(70_000)];
    const tracker = new InactivityTracker(10_000);
    tracker.add(events.slice(0, 3));
    tracker.add(events.slice(3, 6));
    tracker.add(events.slice(6));
    expect(tracker.periods).toEqual(inactivePeriods(events, 10_000));
    expect(tracker.periods).toEqual([
      [0, 12_000],
      [15_000, 40_000],
      [41_000, 70_000],
    ]);
  });
});

describe('skipTarget', () => {
  const periods = [
    [2_000, 20_000],
    [30_000, 45_000],
  ] as const;

  it('jumps to the end of the period the playhead is in', () => {
    expect(skipTarget(periods, 2_000)).toBe(20_000);
    expect(skipTarget(periods, 44_999)).toBe(45_000);
  });

  it('does nothing outside a period or at its very end', () => {
    expect(skipTarget(periods, 1_999)).toBeNull();
    expect(skipTarget(periods, 20_000)).toBeNull();
    expect(skipTarget(periods, 25_000)).toBeNull();
  });
});

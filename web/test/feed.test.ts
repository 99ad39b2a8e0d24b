import { describe, expect, it } from 'vitest';
import type { ReplaySummary } from '@hindsight/types';
import { mergeFirstPage } from '../src/state/feed';

const replay = (id: string, events = 10): ReplaySummary => ({
  projectId: 1,
  replayId: id,
  distinctId: `d-${id}`,
  deviceId: null,
  userId: null,
  userName: null,
  userEmail: null,
  startedAt: 0,
  lastEventAt: 0,
  durationMs: 0,
  startUrl: null,
  urls: [],
  eventCount: events,
  clickCount: 0,
  keypressCount: 0,
  bytes: 0,
  chunkCount: 1,
  browser: null,
  os: null,
  device: null,
  droppedBatches: 0,
  droppedEvents: 0,
  live: false, consoleErrorCount: 0, rageClickCount: 0, deadClickCount: 0, expiresAt: Date.UTC(2030, 0, 1),
});

describe('the feed automatic refresh', () => {
  it('replaces the list when only the first page is shown', () => {
    const merged = mergeFirstPage([replay('b'), replay('a')], [replay('c'), replay('b')], 1);
    expect(merged.map((r) => r.replayId)).toEqual(['c', 'b']);
  });

  it('puts a new replay on top and keeps the pages scrolled into', () => {
    const shown = [replay('c'), replay('b'), replay('a')];
    const merged = mergeFirstPage(shown, [replay('d'), replay('c', 50)], 2);
    expect(merged.map((r) => r.replayId)).toEqual(['d', 'c', 'b', 'a']);
    expect(merged[1].eventCount).toBe(50);
  });
});

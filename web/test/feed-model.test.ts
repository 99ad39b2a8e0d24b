import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeedQuery } from '../src/api';

const calls = vi.hoisted(() => [] as FeedQuery[]);
vi.mock('../src/api', () => ({
  api: {
    replays: async (query: FeedQuery) => {
      calls.push(query);
      return { replays: [], nextCursor: null };
    },
  },
}));

const { FeedModel, SEARCH_DEBOUNCE_MS } = await import('../src/state/feed');

beforeEach(() => {
  calls.length = 0;
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the feed filters', () => {
  it('ask for a whole local day range from the date inputs', async () => {
    const feed = new FeedModel();
    feed.open(4);
    feed.setFromDate('2025-03-01');
    feed.setToDate('2025-03-02');
    await vi.runAllTimersAsync();
    expect(calls.at(-1)).toMatchObject({ projectId: 4, from: new Date(2025, 2, 1).getTime(), to: new Date(2025, 2, 3).getTime() });
  });

  it('search once typing pauses, with the text trimmed', async () => {
    const feed = new FeedModel();
    feed.open(4);
    await vi.runAllTimersAsync();
    calls.length = 0;
    for (const text of ['a', 'ad', 'ada ']) feed.setQuery(text);
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 1);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(1);
    expect(calls[0].q).toBe('ada');
  });
});

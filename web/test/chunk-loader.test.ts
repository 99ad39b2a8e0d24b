import { describe, expect, it } from 'vitest';
import type { RecordedEvent, ReplayChunkInfo, ReplayChunkPage } from '@hindsight/types';
import { ChunkSchedule, loadChunks } from '../src/lib/chunk-loader';

const chunk = (seq: number, first: number, last: number): ReplayChunkInfo => ({
  seq,
  firstTimestamp: first,
  lastTimestamp: last,
  eventCount: 2,
  bytes: 100,
});
const chunks = [chunk(0, 1_000, 9_000), chunk(1, 11_000, 19_000), chunk(2, 21_000, 29_000), chunk(3, 31_000, 39_000), chunk(4, 41_000, 49_000)];
const eventsOf = (seq: number): RecordedEvent[] => [{ type: 3, data: { source: 2, seq }, timestamp: 1_000 + seq * 10_000 }];

describe('ChunkSchedule', () => {
  it('starts the first chunks in seq order, no more than the window at once', () => {
    const schedule = new ChunkSchedule(chunks, 3);
    expect(schedule.next()).toEqual([0, 1, 2]);
    expect(schedule.next()).toEqual([]);
  });

  it('holds a chunk that finished early until the ones before it are in', () => {
    const schedule = new ChunkSchedule(chunks, 3);
    schedule.next();
    schedule.complete(2, eventsOf(2));
    schedule.complete(1, eventsOf(1));
    expect(schedule.takeReady()).toBeNull();
    expect(schedule.released).toBe(0);
    schedule.complete(0, eventsOf(0));
    expect([schedule.takeReady(), schedule.takeReady(), schedule.takeReady(), schedule.takeReady()]).toEqual([eventsOf(0), eventsOf(1), eventsOf(2), null]);
    expect(schedule.released).toBe(3);
  });

  it('counts a chunk as loaded only once it has been handed out', () => {
    const schedule = new ChunkSchedule(chunks, 3);
    schedule.next();
    schedule.complete(1, eventsOf(1));
    schedule.complete(0, eventsOf(0));
    schedule.takeReady();
    // Chunk 1 is downloaded but not yet with the player: a moment inside it is not covered.
    expect(schedule.covers(15_000)).toBe(false);
    schedule.takeReady();
    expect(schedule.covers(15_000)).toBe(true);
  });

  it('counts held chunks against the window, so a slow chunk cannot let the rest pile up', () => {
    const schedule = new ChunkSchedule(chunks, 3);
    schedule.next();
    schedule.complete(1, eventsOf(1));
    schedule.complete(2, eventsOf(2));
    expect(schedule.next()).toEqual([]);
    schedule.complete(0, eventsOf(0));
    while (schedule.takeReady());
    expect(schedule.next()).toEqual([3, 4]);
  });

  it('covers a moment only when every chunk that could hold events up to it is released', () => {
    const schedule = new ChunkSchedule(chunks, 3);
    schedule.next();
    schedule.complete(0, eventsOf(0));
    schedule.takeReady();
    expect(schedule.covers(5_000)).toBe(true);
    // Between chunk 0's last event and chunk 1's first there are no events to wait for.
    expect(schedule.covers(10_999)).toBe(true);
    expect(schedule.covers(11_000)).toBe(false);
    expect(schedule.covers(45_000)).toBe(false);
    expect(schedule.loadedUntil()).toBe(11_000);
  });

  it('covers everything and reaches the last event once all chunks are released', () => {
    const schedule = new ChunkSchedule(chunks.slice(0, 2), 3);
    schedule.next();
    schedule.complete(0, []);
    schedule.complete(1, []);
    while (schedule.takeReady());
    expect(schedule.done).toBe(true);
    expect(schedule.covers(1e15)).toBe(true);
    expect(schedule.loadedUntil()).toBe(19_000);
  });
});

describe('ChunkSchedule of a long replay, listed a page at a time', () => {
  it('covers nothing from the last listed event on until the rest of the list is in', () => {
    const schedule = new ChunkSchedule(chunks.slice(0, 2), 3, false);
    schedule.next();
    schedule.complete(0, eventsOf(0));
    schedule.complete(1, eventsOf(1));
    while (schedule.takeReady());
    expect(schedule.done).toBe(false);
    expect(schedule.covers(18_999)).toBe(true);
    // A chunk not listed yet may start with chunk 1's last event.
    expect(schedule.covers(19_000)).toBe(false);
    expect(schedule.loadedUntil()).toBe(19_000);

    schedule.append(chunks.slice(2), true);
    expect(schedule.total).toBe(5);
    expect(schedule.covers(19_000)).toBe(true);
    expect(schedule.covers(21_000)).toBe(false);
    expect(schedule.next()).toEqual([2, 3, 4]);
  });

  it('is done only once the whole list is in and every chunk released', () => {
    const schedule = new ChunkSchedule(chunks.slice(0, 1), 3, false);
    schedule.next();
    schedule.complete(0, eventsOf(0));
    schedule.takeReady();
    expect(schedule.done).toBe(false);
    schedule.append([], true);
    expect(schedule.done).toBe(true);
  });

  it('ignores chunks it already lists', () => {
    const schedule = new ChunkSchedule(chunks.slice(0, 2), 3, false);
    schedule.append(chunks.slice(1, 3), true);
    expect(schedule.chunks.map((c) => c.seq)).toEqual([0, 1, 2]);
  });
});

/** A fetch whose replies the test sends, in any order. */
function controllableFetch() {
  const pending = new Map<number, { resolve: (e: RecordedEvent[]) => void; reject: (e: unknown) => void }>();
  const requested: number[] = [];
  const fetchChunk = (seq: number) =>
    new Promise<RecordedEvent[]>((resolve, reject) => {
      requested.push(seq);
      pending.set(seq, { resolve, reject });
    });
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return {
    fetchChunk,
    requested,
    async reply(seq: number) {
      pending.get(seq)!.resolve(eventsOf(seq));
      await settle();
    },
    async fail(seq: number, error: unknown) {
      pending.get(seq)!.reject(error);
      await settle();
    },
  };
}

describe('loadChunks', () => {
  it('hands chunks to the player in seq order whatever order they download in', async () => {
    const net = controllableFetch();
    const played: number[] = [];
    const done = loadChunks({
      schedule: new ChunkSchedule(chunks, 3),
      fetchChunk: net.fetchChunk,
      onChunk: (events, index) => played.push(index, (events[0].data as { seq: number }).seq),
      signal: new AbortController().signal,
    });

    expect(net.requested).toEqual([0, 1, 2]);
    await net.reply(2);
    await net.reply(0);
    expect(played).toEqual([0, 0]);
    expect(net.requested).toEqual([0, 1, 2, 3]);
    await net.reply(3);
    await net.reply(1);
    expect(played).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(net.requested).toEqual([0, 1, 2, 3, 4]);
    await net.reply(4);
    await done;
    expect(played.filter((_, i) => i % 2 === 0)).toEqual([0, 1, 2, 3, 4]);
  });

  it('plays chunk 0 as soon as it arrives, before later chunks have downloaded', async () => {
    const net = controllableFetch();
    const played: number[] = [];
    void loadChunks({
      schedule: new ChunkSchedule(chunks, 3),
      fetchChunk: net.fetchChunk,
      onChunk: (_, index) => played.push(index),
      signal: new AbortController().signal,
    });
    await net.reply(0);
    expect(played).toEqual([0]);
  });

  it('retries a failed chunk, then gives up with its error', async () => {
    let attempts = 0;
    const error = Object.assign(new Error('bad gateway'), { status: 502 });
    const result = loadChunks({
      schedule: new ChunkSchedule(chunks.slice(0, 1), 3),
      fetchChunk: async () => {
        attempts++;
        throw error;
      },
      onChunk: () => undefined,
      signal: new AbortController().signal,
      retries: 2,
      retryDelayMs: 1,
    });
    await expect(result).rejects.toBe(error);
    expect(attempts).toBe(3);
  });

  it('does not retry a chunk the server says is not there', async () => {
    let attempts = 0;
    const result = loadChunks({
      schedule: new ChunkSchedule(chunks.slice(0, 1), 3),
      fetchChunk: async () => {
        attempts++;
        throw Object.assign(new Error('gone'), { status: 404 });
      },
      onChunk: () => undefined,
      signal: new AbortController().signal,
      retryDelayMs: 1,
    });
    await expect(result).rejects.toThrow('gone');
    expect(attempts).toBe(1);
  });

  it('lists the rest of a long replay while chunks download, and hands every chunk over in seq order', async () => {
    const net = controllableFetch();
    const played: number[] = [];
    const listedAfter: number[] = [];
    const pages: Record<number, ReplayChunkPage> = {
      0: { chunks: chunks.slice(1, 3), moreChunks: true },
      2: { chunks: chunks.slice(3), moreChunks: false },
    };
    const done = loadChunks({
      schedule: new ChunkSchedule(chunks.slice(0, 1), 3, false),
      fetchChunk: net.fetchChunk,
      fetchList: async (after) => (listedAfter.push(after), pages[after]),
      onChunk: (_, index) => played.push(index),
      signal: new AbortController().signal,
    });
    await net.reply(0);
    expect(listedAfter).toEqual([0, 2]);
    expect(net.requested).toEqual([0, 1, 2, 3]);
    for (const seq of [1, 2, 3, 4]) await net.reply(seq);
    await done;
    expect(played).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives up with the error of a list page that keeps failing', async () => {
    const error = Object.assign(new Error('unavailable'), { status: 503 });
    const result = loadChunks({
      schedule: new ChunkSchedule(chunks.slice(0, 1), 3, false),
      fetchChunk: async (seq) => eventsOf(seq),
      fetchList: async () => {
        throw error;
      },
      onChunk: () => undefined,
      signal: new AbortController().signal,
      retryDelayMs: 1,
    });
    await expect(result).rejects.toBe(error);
  });

  it('stops handing out chunks once aborted', async () => {
    const net = controllableFetch();
    const controller = new AbortController();
    const played: number[] = [];
    void loadChunks({
      schedule: new ChunkSchedule(chunks, 3),
      fetchChunk: net.fetchChunk,
      onChunk: (_, index) => played.push(index),
      signal: controller.signal,
    });
    controller.abort();
    await net.reply(0);
    expect(played).toEqual([]);
  });
});

// Progressive loading of a replay's chunks. A few chunks download in parallel, but they are handed to
// the player strictly in seq order: rrweb applies incremental events on top of the DOM built by the ones
// before them, so chunk 3 is useless (and harmful) before chunk 2. A long replay's detail lists only its
// first chunks; the rest of the list is asked for meanwhile and joins the schedule as it arrives.

import type { RecordedEvent, ReplayChunkInfo, ReplayChunkPage } from '@hindsight/types';

/** How many chunk downloads may run at once. */
export const CHUNK_WINDOW = 3;

/** Retries per chunk before the replay is reported as broken (a flaky network should not be). */
export const CHUNK_RETRIES = 2;

/**
 * The bookkeeping, free of I/O: which chunks to start next, which finished chunks may be released,
 * and up to what moment the released events are complete.
 */
export class ChunkSchedule {
  private readonly list: ReplayChunkInfo[];
  private readonly started = new Set<number>();
  private readonly finished = new Map<number, RecordedEvent[]>();
  private releasedCount = 0;
  private allListed: boolean;

  /** `listed`: false when more chunks exist than `chunks` holds (append() adds them). */
  constructor(
    chunks: readonly ReplayChunkInfo[],
    private readonly window = CHUNK_WINDOW,
    listed = true,
  ) {
    this.list = [...chunks];
    this.allListed = listed;
  }

  /** The chunks known so far, in seq order. */
  get chunks(): readonly ReplayChunkInfo[] {
    return this.list;
  }

  get total(): number {
    return this.list.length;
  }

  /** Whether every chunk of the replay is in the list. */
  get listed(): boolean {
    return this.allListed;
  }

  /** The next page of the chunk list; `listed` says whether it was the last. */
  append(more: readonly ReplayChunkInfo[], listed: boolean): void {
    const lastSeq = this.list.at(-1)?.seq ?? -1;
    this.list.push(...more.filter((c) => c.seq > lastSeq));
    this.allListed = listed;
  }

  /** Chunks handed to the player so far (always a prefix of the list). */
  get released(): number {
    return this.releasedCount;
  }

  get done(): boolean {
    return this.allListed && this.releasedCount === this.list.length;
  }

  /**
   * Indexes to start now, lowest first. The window counts every chunk started but not yet released,
   * so a slow chunk 1 holds back chunk 9 instead of letting finished chunks pile up in memory.
   */
  next(): number[] {
    const picked: number[] = [];
    let pending = this.started.size - this.releasedCount;
    for (let i = this.releasedCount; i < this.chunks.length && pending < this.window; i++) {
      if (this.started.has(i)) continue;
      picked.push(i);
      pending++;
    }
    for (const i of picked) this.started.add(i);
    return picked;
  }

  /** Records a finished download; takeReady() hands it out once the chunks before it are out. */
  complete(index: number, events: RecordedEvent[]): void {
    if (index < this.releasedCount || !this.started.has(index)) return;
    this.finished.set(index, events);
  }

  /**
   * The next chunk in seq order, if it has downloaded. One at a time on purpose: covers() must never
   * count a chunk the player has not been given yet.
   */
  takeReady(): RecordedEvent[] | null {
    const events = this.finished.get(this.releasedCount);
    if (!events) return null;
    this.finished.delete(this.releasedCount);
    this.releasedCount++;
    return events;
  }

  /**
   * Whether every event at or before `timestamp` has been released. Events at or before it can only
   * sit in chunks whose first event is at or before it.
   */
  covers(timestamp: number): boolean {
    if (timestamp >= this.unlistedFrom()) return false;
    for (let i = this.releasedCount; i < this.list.length; i++) {
      if (this.list[i].firstTimestamp <= timestamp) return false;
    }
    return true;
  }

  /** The moment up to which released events are complete (the end of the last chunk when all are in). */
  loadedUntil(): number {
    if (this.done) return Math.max(...this.list.map((c) => c.lastTimestamp));
    let earliestMissing = this.unlistedFrom();
    for (let i = this.releasedCount; i < this.list.length; i++) {
      earliestMissing = Math.min(earliestMissing, this.list[i].firstTimestamp);
    }
    return earliestMissing;
  }

  /**
   * Where chunks not listed yet may begin. They come after the last listed one in seq order, and a
   * replay's batches are cut one after the other from its events, so no earlier than that one's last event.
   */
  private unlistedFrom(): number {
    if (this.allListed) return Infinity;
    return this.list.at(-1)?.lastTimestamp ?? -Infinity;
  }
}

export interface LoadOptions {
  schedule: ChunkSchedule;
  fetchChunk: (seq: number, signal: AbortSignal) => Promise<RecordedEvent[]>;
  /** The chunks after a seq; needed when the schedule's list is not complete. */
  fetchList?: (afterSeq: number, signal: AbortSignal) => Promise<ReplayChunkPage>;
  /** Called once per chunk, in seq order. */
  onChunk: (events: RecordedEvent[], index: number) => void;
  /** Called after each page of the chunk list joins the schedule. */
  onList?: () => void;
  signal: AbortSignal;
  retries?: number;
  retryDelayMs?: number;
}

/**
 * Downloads every chunk through the schedule, listing the rest of the chunks meanwhile when the list is
 * not complete. Resolves when all are released; rejects on the first request that keeps failing.
 */
export function loadChunks(options: LoadOptions): Promise<void> {
  const { schedule, fetchChunk, fetchList, onChunk, onList, signal } = options;
  const retries = options.retries ?? CHUNK_RETRIES;
  const retryDelayMs = options.retryDelayMs ?? 500;

  return new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      reject(error);
    };

    const withRetries = async <T>(request: () => Promise<T>): Promise<T> => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await request();
        } catch (error) {
          if (signal.aborted || attempt >= retries || isFinal(error)) throw error;
          await delay(retryDelayMs * 2 ** attempt, signal);
        }
      }
    };

    const listRest = async () => {
      if (!fetchList) throw new Error('The chunk list is incomplete and there is no way to ask for the rest.');
      while (!schedule.listed) {
        const after = schedule.chunks.at(-1)?.seq ?? -1;
        const page = await withRetries(() => fetchList(after, signal));
        if (failed || signal.aborted) return;
        // A page that lists nothing cannot be followed by another.
        schedule.append(page.chunks, !page.moreChunks || page.chunks.length === 0);
        onList?.();
        pump();
      }
    };

    const pump = () => {
      if (failed || signal.aborted) return;
      if (schedule.done) return resolve();
      for (const index of schedule.next()) {
        withRetries(() => fetchChunk(schedule.chunks[index].seq, signal))
          .then((events) => {
            if (failed || signal.aborted) return;
            schedule.complete(index, events);
            for (let ready = schedule.takeReady(); ready; ready = schedule.takeReady()) {
              onChunk(ready, schedule.released - 1);
              if (failed || signal.aborted) return;
            }
            pump();
          })
          .catch(fail);
      }
    };
    if (!schedule.listed) listRest().catch(fail);
    pump();
  });
}

// A 4xx other than a timeout will answer the same way the next time.
function isFinal(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

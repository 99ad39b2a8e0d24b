// Progressive loading of a replay's chunks. A few chunks download in parallel, but they are handed to
// the player strictly in seq order: rrweb applies incremental events on top of the DOM built by the ones
// before them, so chunk 3 is useless (and harmful) before chunk 2.

import type { RecordedEvent, ReplayChunkInfo } from '@hindsight/types';

/** How many chunk downloads may run at once. */
export const CHUNK_WINDOW = 3;

/** Retries per chunk before the replay is reported as broken (a flaky network should not be). */
export const CHUNK_RETRIES = 2;

/**
 * The bookkeeping, free of I/O: which chunks to start next, which finished chunks may be released,
 * and up to what moment the released events are complete.
 */
export class ChunkSchedule {
  private readonly started = new Set<number>();
  private readonly finished = new Map<number, RecordedEvent[]>();
  private releasedCount = 0;

  constructor(
    readonly chunks: readonly ReplayChunkInfo[],
    private readonly window = CHUNK_WINDOW,
  ) {}

  get total(): number {
    return this.chunks.length;
  }

  /** Chunks handed to the player so far (always a prefix of the list). */
  get released(): number {
    return this.releasedCount;
  }

  get done(): boolean {
    return this.releasedCount === this.chunks.length;
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
    for (let i = this.releasedCount; i < this.chunks.length; i++) {
      if (this.chunks[i].firstTimestamp <= timestamp) return false;
    }
    return true;
  }

  /** The moment up to which released events are complete (the end of the last chunk when all are in). */
  loadedUntil(): number {
    if (this.done) return Math.max(...this.chunks.map((c) => c.lastTimestamp));
    let earliestMissing = Infinity;
    for (let i = this.releasedCount; i < this.chunks.length; i++) {
      earliestMissing = Math.min(earliestMissing, this.chunks[i].firstTimestamp);
    }
    return earliestMissing;
  }
}

export interface LoadOptions {
  schedule: ChunkSchedule;
  fetchChunk: (seq: number, signal: AbortSignal) => Promise<RecordedEvent[]>;
  /** Called once per chunk, in seq order. */
  onChunk: (events: RecordedEvent[], index: number) => void;
  signal: AbortSignal;
  retries?: number;
  retryDelayMs?: number;
}

/** Downloads every chunk through the schedule. Resolves when all are released; rejects on the first chunk that keeps failing. */
export function loadChunks(options: LoadOptions): Promise<void> {
  const { schedule, fetchChunk, onChunk, signal } = options;
  const retries = options.retries ?? CHUNK_RETRIES;
  const retryDelayMs = options.retryDelayMs ?? 500;

  return new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      reject(error);
    };

    const fetchWithRetry = async (index: number): Promise<RecordedEvent[]> => {
      const seq = schedule.chunks[index].seq;
      for (let attempt = 0; ; attempt++) {
        try {
          return await fetchChunk(seq, signal);
        } catch (error) {
          if (signal.aborted || attempt >= retries || isFinal(error)) throw error;
          await delay(retryDelayMs * 2 ** attempt, signal);
        }
      }
    };

    const pump = () => {
      if (failed || signal.aborted) return;
      if (schedule.done) return resolve();
      for (const index of schedule.next()) {
        fetchWithRetry(index)
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

// Delivers what waits in IndexedDB: this tab's replays and those closed tabs left behind, oldest replay
// first, each replay's batches one at a time in queue order, each under the replay's next seq
// (idb-queue.ts). The server's answer decides:
//   2xx                         acknowledged: the batch leaves the queue, the seq advances.
//   413                         too large: split in two, both sent in its place.
//   403 "capture_paused"        the project is paused, or has reached its replay quota ("quota_exceeded"):
//                               the replay stops quietly, its batches are deleted.
//   5xx, 429, no answer         try again after a capped exponential backoff, or what Retry-After asks.
//   any other 4xx               never accepted: dropped, and the server is told how much was dropped.
// Replays shorter than record_min_ms are held until they are long enough, and discarded if they end short.
// Nothing at all is sent while the visitor is opted out (perhaps in another tab): the uploader says so, and
// the core deletes what waits.
//
// For page hide it keeps the live replay's unacknowledged batches of this page in memory, so they can go
// out at once on keepalive requests under the seqs they will have — each once: while a keepalive request
// carries a batch, the uploader waits for its answer rather than send the batch again. When the page is
// leaving for another page of the site, that page delivers what waits (compressed, once), so this one holds
// its sends: a request cut off by the unload may still reach the server, and then go twice.
import type { Config } from '../config';
import { IdbQueue, sizeOf, type AppendOutcome, type StoredBatch } from '../idb-queue';
import type { Logger } from '../log';
import { isShort, type ReplayRecord, type ReplayRegistry } from '../replay-registry';
import { isRetryable, isSuccess, nextRetryDelay } from '../retry-policy';
import { splitBatch } from './batch-split';
import type { RecordResult } from './record-transport';
import { pickWithinBudget } from './stash';

/** The first retry waits this long; each failure doubles it, up to retry-policy's cap. */
export const FIRST_RETRY_MS = 2000;

export type UploadDecision =
  | { outcome: 'ack' }
  | { outcome: 'split' }
  | { outcome: 'paused' }
  | { outcome: 'retry'; delayMs: number }
  | { outcome: 'drop' };

export function decideUpload(result: RecordResult, lastDelayMs: number | null): UploadDecision {
  if (isSuccess(result.status)) return { outcome: 'ack' };
  if (result.status === 413) return { outcome: 'split' };
  if (result.status === 403 && (result.error === 'capture_paused' || result.error === 'quota_exceeded')) return { outcome: 'paused' };
  if (isRetryable(result.status)) return { outcome: 'retry', delayMs: nextRetryDelay(result, lastDelayMs ?? FIRST_RETRY_MS / 2) };
  return { outcome: 'drop' };
}

export interface UploaderOptions {
  registry: ReplayRegistry;
  queue: IdbQueue;
  tabId: string;
  config(): Config;
  send(batch: StoredBatch, seq: number, keepalive: boolean): Promise<RecordResult>;
  reportDropped(replayId: string, batches: number, events: number): Promise<RecordResult>;
  /** The server refused the replay because capture is paused or the project's quota is reached. */
  refused(replayId: string): void;
  /** False while the visitor is opted out: no batch, report or keepalive may go. */
  allowed(): boolean;
  /** A send was held back because the visitor is opted out. */
  optedOut(): void;
  log: Logger;
}

/** What this page knows of its live replay's queue, for keepalive at page hide. */
interface LiveQueue {
  key: string;
  /** The replay's next seq as last read, or null when unknown. */
  seq: number | null;
  /** Every waiting batch's position, in order (this page's and earlier pages'). */
  orders: number[];
  /** Bodies of the batches this page sealed. */
  batches: Map<number, StoredBatch>;
  short: boolean;
}

export class Uploader {
  private pumping = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private delayMs: number | null = null;
  private live: LiveQueue | null = null;
  /** Keepalive requests of the live replay in flight, by batch position. */
  private readonly keepaliveSends = new Map<number, Promise<unknown>>();
  /** No new send starts before this time (ms since the epoch): the next page of the site delivers. */
  private heldUntil = 0;
  private holdTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: UploaderOptions) {
    // Back online: no reason to wait out the backoff.
    addEventListener('online', () => this.retryNow());
  }

  /** Delivers what waits, unless a send is in flight (it picks the rest up) or a backoff is running. */
  kick(): void {
    if (this.timer) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    void this.pump();
  }

  retryNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.delayMs = null;
    this.kick();
  }

  /** Starts no send for `ms`: the page is leaving, and the next page of the tab delivers what waits. */
  hold(ms: number): void {
    this.heldUntil = Date.now() + ms;
  }

  /** The page stayed after all (back from the back-forward cache, or the navigation was cancelled). */
  release(): void {
    this.heldUntil = 0;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    this.kick();
  }

  /** Starts following the live replay `record` (for page hide), given the positions already waiting. */
  follow(record: ReplayRecord, orders: number[]): void {
    this.live = { key: record.key, seq: record.seq, orders: [...orders], batches: new Map(), short: isShort(record, this.options.config().record_min_ms) };
  }

  unfollow(): void {
    this.live = null;
  }

  /** The visitor opted out: no retry waits, and nothing of the live replay is kept for page hide. */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.delayMs = null;
    this.live = null;
  }

  /** Checked before every request (the choice may have changed in another tab since the last one). */
  private permitted(): boolean {
    if (this.options.allowed()) return true;
    this.options.optedOut();
    return false;
  }

  /** A batch of the live replay was sealed on this page (at once, before it is stored): for page hide. */
  remember(key: string, batch: StoredBatch): void {
    const live = this.live?.key === key ? this.live : null;
    if (live && !live.batches.has(batch.order)) {
      live.orders.push(batch.order);
      live.batches.set(batch.order, batch);
    }
  }

  /** Stores a batch, then delivers. */
  async append(key: string, batch: StoredBatch): Promise<AppendOutcome> {
    const live = this.live?.key === key ? this.live : null;
    let outcome: AppendOutcome = 'gone';
    try {
      const result = await this.options.queue.append(key, batch);
      outcome = result.outcome;
      if (live && result.record) {
        live.seq = result.record.seq;
        live.short = isShort(result.record, this.options.config().record_min_ms);
      }
    } catch (error) {
      this.options.log.error('Could not store a recording batch', error);
    }
    if (live && outcome !== 'stored' && outcome !== 'duplicate') this.forget(live, batch.order);
    if (outcome === 'dropped') this.options.log.error(`Recording batch dropped: over the local budget`);
    this.kick();
    return outcome;
  }

  private forget(live: LiveQueue, order: number): void {
    live.orders = live.orders.filter((o) => o !== order);
    live.batches.delete(order);
  }

  private async pump(): Promise<void> {
    const heldFor = this.heldUntil - Date.now();
    if (heldFor > 0) {
      // Picked up again if the page is still there when the hold ends.
      this.holdTimer ??= setTimeout(() => {
        this.holdTimer = null;
        this.kick();
      }, heldFor);
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        while (await this.step()) {
          // One batch (or report) per step, until nothing is left or the server needs a break.
        }
      } while (this.again && !this.timer);
    } catch (error) {
      this.options.log.error('Recording delivery failed', error);
    } finally {
      this.pumping = false;
    }
  }

  /** Sends one thing; true to go on at once. */
  private async step(): Promise<boolean> {
    // Opted out, not even orphans are adopted: the core deletes them.
    if (!this.permitted()) return false;
    const config = this.options.config();
    const records = await this.options.registry.deliveries(this.options.tabId, Date.now(), config.record_idle_timeout_ms, config.record_max_ms);
    for (const record of records) {
      if (isShort(record, config.record_min_ms)) {
        if (!record.live) {
          // Ended shorter than record_min_ms: never a replay.
          await this.options.queue.discard(record.key);
          return true;
        }
        continue; // held until it is long enough
      }
      if (record.dropped_batches > 0) return this.report(record);
      if (record.batches > 0) {
        const head = await this.options.queue.head(record.key);
        if (head) return this.deliver(record, head);
        await this.options.registry.update(record.key, { batches: 0, bytes: 0 }); // a count out of step
        return true;
      }
      if (!record.live) {
        // An adopted replay with nothing left: forget it.
        await this.options.registry.end(record.key);
        return true;
      }
    }
    return false;
  }

  private async deliver(record: ReplayRecord, head: StoredBatch): Promise<boolean> {
    if (!this.permitted()) return false;
    const carried = this.live?.key === record.key ? this.keepaliveSends.get(head.order) : undefined;
    if (carried) {
      // On its way on a keepalive request: its answer decides, then the queue is read again.
      await carried;
      return true;
    }
    const result = await this.options.send(head, record.seq, false);
    const decision = decideUpload(result, this.delayMs);
    switch (decision.outcome) {
      case 'ack':
        this.delayMs = null;
        this.acknowledged(record.key, head.order, await this.options.queue.ack(record.key, head.order, record.seq));
        return true;
      case 'split': {
        const halves = await splitBatch(head);
        if (halves) {
          this.options.log.error(`Recording batch too large (413); sending it in two`);
          await this.options.queue.split(record.key, head.order, halves);
          if (this.live?.key === record.key) {
            this.live.batches.delete(head.order);
            this.live.orders = await this.options.queue.orders(record.key);
          }
        } else {
          await this.drop(record, head, result.status);
        }
        return true;
      }
      case 'paused':
        this.options.log.log('Capture is paused for this project: the replay stops');
        await this.options.queue.discard(record.key);
        if (this.live?.key === record.key) this.live = null;
        this.options.refused(record.replay_id);
        return true;
      case 'retry':
        this.backoff(decision.delayMs, result.status);
        return false;
      case 'drop':
        await this.drop(record, head, result.status);
        return true;
    }
  }

  private async drop(record: ReplayRecord, batch: StoredBatch, status: number): Promise<void> {
    this.options.log.error(`The server refused recording batch ${record.seq} (${status}); dropping it`);
    await this.options.queue.drop(record.key, batch.order);
    if (this.live?.key === record.key) this.forget(this.live, batch.order);
  }

  private async report(record: ReplayRecord): Promise<boolean> {
    const { dropped_batches: batches, dropped_events: events } = record;
    if (!this.permitted()) return false;
    const result = await this.options.reportDropped(record.replay_id, batches, events);
    if (isRetryable(result.status)) {
      this.backoff(nextRetryDelay(result, this.delayMs ?? FIRST_RETRY_MS / 2), result.status);
      return false;
    }
    // Acknowledged, or refused for good: either way there is nothing better to do with the count.
    await this.options.queue.reported(record.key, batches, events);
    return true;
  }

  private backoff(delayMs: number, status: number): void {
    this.delayMs = delayMs;
    this.options.log.error(`Recording upload failed (${status}); retrying in ${delayMs} ms`);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, delayMs);
  }

  private acknowledged(key: string, order: number, record: ReplayRecord | null): void {
    const live = this.live;
    if (!live || live.key !== key || !record) return;
    live.seq = record.seq;
    this.forget(live, order);
  }

  /**
   * Page hide: sends the live replay's waiting batches this page still holds, in order and within the
   * keepalive budget, each under the seq it will have. Whatever does not go stays queued for later.
   */
  sendOnHide(budgetBytes: number): void {
    const live = this.live;
    if (!live || live.seq === null || live.short || !this.permitted()) return;
    const run: StoredBatch[] = [];
    for (const order of [...live.orders].sort((a, b) => a - b)) {
      const batch = live.batches.get(order);
      if (!batch) break;
      run.push(batch);
    }
    const base = live.seq;
    for (const index of pickWithinBudget(run.map(sizeOf), budgetBytes)) {
      const batch = run[index];
      // Hidden twice (visibilitychange, then pagehide): what is already on its way does not go again.
      if (this.keepaliveSends.has(batch.order)) continue;
      const sent = this.options.send(batch, base + index, true).then(async (result) => {
        if (isSuccess(result.status)) this.acknowledged(live.key, batch.order, await this.options.queue.ack(live.key, batch.order, base + index).catch(() => null));
      }).catch(() => undefined).finally(() => this.keepaliveSends.delete(batch.order));
      this.keepaliveSends.set(batch.order, sent);
    }
  }
}

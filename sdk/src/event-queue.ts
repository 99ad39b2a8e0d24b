// The outbox for /track and /engage: every item is written to localStorage before anything is sent,
// so a reload, a crash or a network outage loses nothing. Batches go out every batch_flush_interval_ms,
// or as soon as batch_size items wait; failures back off as retry-policy.ts says.
//
// Several tabs of one site share the stored queue. Each tab sends its own items; items another tab (or
// an earlier page of this tab) left behind are picked up once they are overdue. A rare double send is
// the price of needing no cross-tab lock, and the server deduplicates on $insert_id.
import { insertId } from './ids';
import type { Logger } from './log';
import { isRetryable, isSuccess, nextRetryDelay, type SendResult } from './retry-policy';
import { readJson, writeJson, type KeyValueStore } from './storage';

export interface QueueItem {
  id: string;
  /** When other tabs may consider the item orphaned and send it themselves. */
  flushAfter: number;
  payload: unknown;
}

export interface EventQueueOptions {
  /** localStorage, or null to keep the queue in memory only. */
  store: KeyValueStore | null;
  key: string;
  send(payloads: unknown[]): Promise<SendResult>;
  beacon(payloads: unknown[]): boolean;
  batchSize(): number;
  intervalMs(): number;
  /** False while the visitor is opted out (perhaps in another tab): queued items are then dropped unsent. */
  allowed(): boolean;
  log: Logger;
}

export type FlushDecision =
  | { outcome: 'sent' }
  | { outcome: 'retry'; delayMs: number }
  | { outcome: 'shrink'; batchSize: number }
  | { outcome: 'drop' };

/**
 * What to do with a batch after the server answered. 413 halves the batch (a single item that is still
 * too large is dropped); 5xx, 429 and network failures retry later; any other 4xx will never succeed,
 * so the batch is dropped rather than blocking everything behind it.
 */
export function decideAfterSend(result: SendResult, batchLength: number, batchSize: number, lastDelayMs: number): FlushDecision {
  if (isSuccess(result.status)) return { outcome: 'sent' };
  if (result.status === 413) {
    if (batchLength <= 1) return { outcome: 'drop' };
    return { outcome: 'shrink', batchSize: Math.min(batchSize, Math.max(1, Math.floor(batchSize / 2)), batchLength - 1) };
  }
  if (isRetryable(result.status)) return { outcome: 'retry', delayMs: nextRetryDelay(result, lastDelayMs) };
  return { outcome: 'drop' };
}

export class EventQueue {
  /** Items this tab enqueued and has not yet seen acknowledged. */
  private mine: QueueItem[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private sending = false;
  /** Lowered by 413 replies; back to the configured size once a single item had to be dropped. */
  private batchSize: number | null = null;
  /** The wait before the next flush: the interval normally, growing while the server fails. */
  private delayMs: number | null = null;
  private started = false;

  constructor(private readonly options: EventQueueOptions) {}

  private stored(): QueueItem[] {
    const items = readJson<QueueItem[]>(this.options.store, this.options.key);
    return Array.isArray(items) ? items : [];
  }

  /** Queues a payload; returns the item's id (for amend). */
  enqueue(payload: unknown): string {
    const item: QueueItem = { id: insertId(), flushAfter: Date.now() + this.options.intervalMs() * 2, payload };
    this.mine.push(item);
    if (this.options.store && !writeJson(this.options.store, this.options.key, this.stored().concat(item))) {
      this.options.log.error('Could not persist the event queue; keeping it in memory');
    }
    // A full batch goes now, unless the server asked us to wait.
    if (this.started && this.mine.length >= this.currentBatchSize() && !this.sending && this.delayMs === null) {
      this.schedule(0);
    }
    return item.id;
  }

  /** Changes items still waiting (sent ones are left alone), here and in storage. */
  amend(ids: string[], change: (payload: unknown) => void): void {
    const wanted = new Set(ids);
    for (const item of this.mine) if (wanted.has(item.id)) change(item.payload);
    const stored = this.stored();
    let changed = false;
    for (const item of stored) {
      if (wanted.has(item.id)) {
        change(item.payload);
        changed = true;
      }
    }
    if (changed) writeJson(this.options.store, this.options.key, stored);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(this.options.intervalMs());
  }

  stop(): void {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** How many items wait, this tab's and any left behind by others. */
  size(): number {
    return this.collect(Infinity, true).length;
  }

  private currentBatchSize(): number {
    return this.batchSize ?? this.options.batchSize();
  }

  private schedule(ms: number): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  /** This tab's items first, then overdue items from elsewhere (all of them when `everything`). */
  private collect(limit: number, everything = false): QueueItem[] {
    const batch = this.mine.slice(0, limit);
    if (batch.length >= limit) return batch;
    const taken = new Set(batch.map((item) => item.id));
    const now = Date.now();
    for (const item of this.stored()) {
      if (batch.length >= limit) break;
      if (!taken.has(item.id) && (everything || now >= item.flushAfter)) batch.push(item);
    }
    return batch;
  }

  private remove(items: QueueItem[]): void {
    const ids = new Set(items.map((item) => item.id));
    this.mine = this.mine.filter((item) => !ids.has(item.id));
    const stored = this.stored();
    const kept = stored.filter((item) => !ids.has(item.id));
    if (kept.length !== stored.length) writeJson(this.options.store, this.options.key, kept);
  }

  /** Drops every queued item, this tab's and those left by others, without sending them. */
  discard(): void {
    this.mine = [];
    this.options.store?.remove(this.options.key);
  }

  /** Sends one batch and schedules the next flush according to the reply. */
  async flush(): Promise<void> {
    if (this.sending) return;
    if (!this.options.allowed()) {
      this.discard();
      this.schedule(this.options.intervalMs());
      return;
    }
    const size = this.currentBatchSize();
    const batch = this.collect(size);
    if (!batch.length) {
      this.delayMs = null;
      this.schedule(this.options.intervalMs());
      return;
    }
    this.sending = true;
    let result: SendResult;
    try {
      result = await this.options.send(batch.map((item) => item.payload));
    } catch {
      result = { status: 0 };
    }
    this.sending = false;
    const decision = decideAfterSend(result, batch.length, size, this.delayMs ?? this.options.intervalMs());
    switch (decision.outcome) {
      case 'sent':
        this.remove(batch);
        this.delayMs = null;
        // More than a batch waiting: keep going instead of letting the backlog grow.
        this.schedule(this.collect(1).length && batch.length >= size ? 0 : this.options.intervalMs());
        return;
      case 'retry':
        this.delayMs = decision.delayMs;
        this.options.log.error(`Upload failed (${result.status}); retrying in ${decision.delayMs} ms`);
        this.schedule(decision.delayMs);
        return;
      case 'shrink':
        this.batchSize = decision.batchSize;
        this.options.log.error(`413 from the server; batches now hold ${decision.batchSize}`);
        this.schedule(0);
        return;
      case 'drop':
        this.options.log.error(`The server refused a batch (${result.status}); dropping ${batch.length} item(s)`, batch);
        if (result.status === 413) this.batchSize = null;
        this.remove(batch);
        this.delayMs = null;
        this.schedule(this.options.intervalMs());
        return;
    }
  }

  /**
   * The page is being hidden and may never come back: hand everything to sendBeacon. Items stay queued
   * because a beacon never says whether it arrived; if the page lives on, they are sent again normally.
   */
  flushOnHide(): void {
    if (!this.options.allowed()) return;
    const items = this.collect(Infinity, true);
    const size = this.currentBatchSize();
    for (let i = 0; i < items.length; i += size) {
      if (!this.options.beacon(items.slice(i, i + size).map((item) => item.payload))) break;
    }
  }
}

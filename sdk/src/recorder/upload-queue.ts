// Sends sealed batches one at a time, in seq order, retrying with backoff (5xx, 429, network errors,
// honouring Retry-After) and dropping batches the server refuses for good (other 4xx). A batch leaves
// the queue only when the server acknowledged it or refused it.
import type { Logger } from '../log';
import { isRetryable, isSuccess, nextRetryDelay, type SendResult } from '../retry-policy';
import { FLUSH_INTERVAL_MS } from './batcher';
import type { Batch } from './record-transport';
import { pickWithinBudget } from './stash';

export type UploadDecision = { outcome: 'ack' } | { outcome: 'retry'; delayMs: number } | { outcome: 'drop' };

export function decideUpload(result: SendResult, lastDelayMs: number | null): UploadDecision {
  if (isSuccess(result.status)) return { outcome: 'ack' };
  if (isRetryable(result.status)) return { outcome: 'retry', delayMs: nextRetryDelay(result, lastDelayMs ?? FLUSH_INTERVAL_MS) };
  return { outcome: 'drop' };
}

export interface UploadQueueOptions {
  send(batch: Batch): Promise<SendResult>;
  sendKeepalive(batch: Batch, json: string): Promise<SendResult>;
  /** False while the visitor is opted out: nothing is sent, and what waits is dropped. */
  allowed(): boolean;
  log: Logger;
  /** A batch left the queue (acknowledged or dropped). */
  onSettled?(): void;
}

interface Entry {
  batch: Batch;
  /** A keepalive request for it is in flight; the normal path waits for its answer. */
  keepalive: boolean;
}

const sameBatch = (a: Batch, b: Batch) => a.params.replay_id === b.params.replay_id && a.params.seq === b.params.seq;

export class UploadQueue {
  private entries: Entry[] = [];
  private sending = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private delayMs: number | null = null;

  constructor(private readonly options: UploadQueueOptions) {}

  push(batch: Batch): void {
    if (!this.entries.some((entry) => sameBatch(entry.batch, batch))) this.entries.push({ batch, keepalive: false });
    // Not at once: a batch sealed at page hide is claimed by sendOnHide first, instead of going twice.
    queueMicrotask(() => void this.pump());
  }

  /** Batches not yet acknowledged, oldest first. */
  unacked(): Batch[] {
    return this.entries.map((entry) => entry.batch);
  }

  /** Forgets every batch not yet acknowledged; one already on the wire cannot be called back. */
  clear(): void {
    this.entries = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.delayMs = null;
  }

  private async pump(): Promise<void> {
    if (!this.options.allowed()) return this.clear();
    const entry = this.entries[0];
    if (!entry || this.sending || this.timer || entry.keepalive) return;
    this.sending = true;
    let result: SendResult;
    try {
      result = await this.options.send(entry.batch);
    } catch {
      result = { status: 0 };
    }
    this.sending = false;
    this.apply(entry, result);
  }

  private apply(entry: Entry, result: SendResult): void {
    if (this.entries.indexOf(entry) < 0) {
      // Settled meanwhile by its keepalive twin.
      void this.pump();
      return;
    }
    const decision = decideUpload(result, this.delayMs);
    if (decision.outcome === 'retry') {
      this.delayMs = decision.delayMs;
      this.options.log.error(`Recording upload failed (${result.status}); retrying in ${decision.delayMs} ms`);
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.pump();
      }, decision.delayMs);
      return;
    }
    if (decision.outcome === 'drop') {
      this.options.log.error(`The server refused recording batch ${entry.batch.params.seq} (${result.status}); dropping it`);
    }
    this.entries = this.entries.filter((other) => other !== entry);
    this.delayMs = null;
    this.options.onSettled?.();
    void this.pump();
  }

  /** Page hide: send what fits the keepalive budget, uncompressed, on requests that outlive the page. */
  sendOnHide(budgetBytes: number): void {
    if (!this.options.allowed()) return this.clear();
    const candidates = this.entries.filter((entry) => !entry.keepalive);
    const bodies = candidates.map((entry) => JSON.stringify(entry.batch.events));
    const sizes = bodies.map((body) => new Blob([body]).size);
    for (const index of pickWithinBudget(sizes, budgetBytes)) {
      const entry = candidates[index];
      entry.keepalive = true;
      void this.options.sendKeepalive(entry.batch, bodies[index]).then((result) => {
        entry.keepalive = false;
        // Only an acknowledgement settles it here; on failure the normal path keeps trying.
        if (isSuccess(result.status) && this.entries.indexOf(entry) >= 0) this.apply(entry, result);
        else void this.pump();
      });
    }
  }
}

// Collects rrweb events between uploads. A batch is sealed (given its seq and sent) every 10 s, at 1000
// events, when the page is hidden, and when recording pauses or stops — whichever comes first.
import type { RecordedEvent } from '@hindsight/types';

/** The protocol's limit, and the server's. */
export const MAX_BATCH_EVENTS = 1000;
export const FLUSH_INTERVAL_MS = 10_000;

export interface CollectedEvents {
  events: RecordedEvent[];
  /** The page URL when the first of these events was recorded. */
  url: string;
  firstTimestamp: number;
  lastTimestamp: number;
}

export class Batcher {
  private events: RecordedEvent[] = [];
  private url = '';

  constructor(private readonly limit = MAX_BATCH_EVENTS) {}

  /** Adds an event; true when the batch is full and should be sealed now. */
  add(event: RecordedEvent, url: string): boolean {
    if (!this.events.length) this.url = url;
    this.events.push(event);
    return this.events.length >= this.limit;
  }

  get size(): number {
    return this.events.length;
  }

  /** The time span collected so far, or null when empty. */
  span(): { first: number; last: number } | null {
    if (!this.events.length) return null;
    let first = Infinity;
    let last = -Infinity;
    for (const event of this.events) {
      if (event.timestamp < first) first = event.timestamp;
      if (event.timestamp > last) last = event.timestamp;
    }
    return { first, last };
  }

  /** Hands over everything collected and starts empty. */
  take(): CollectedEvents | null {
    const span = this.span();
    if (!span) return null;
    const taken = { events: this.events, url: this.url, firstTimestamp: span.first, lastTimestamp: span.last };
    this.events = [];
    return taken;
  }

  clear(): void {
    this.events = [];
  }
}

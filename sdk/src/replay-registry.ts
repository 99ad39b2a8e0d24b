// The replay registry, in IndexedDB (idb.ts): one record per replay that is still being recorded or
// still has batches to deliver. A tab finds its replay by the tab id sessionStorage keeps for it
// (tab-id.ts), so a reload or a same-tab navigation continues the replay with the next seq, and a closed
// tab reopened within the session does too. A record outlives its tab while its batches wait for the
// server; once its owner has gone quiet, the next page of the site adopts it and delivers them.
//
// A record is keyed by the same name as its batches, `__mprec_<instance>_<token>_<replay id>`, so that
// every instance and project keeps its own.
import type { Db, Tx } from './idb';
import { uuid } from './ids';

export interface ReplayRecord {
  key: string;
  replay_id: string;
  /** The tab recording this replay, or the tab that adopted it to deliver what was left. */
  tab_id: string;
  /** Still its tab's current replay; false once it ended and only its batches remain. */
  live: boolean;
  /** pause_session_recording() was called and nothing resumed it yet. */
  paused?: boolean;
  /** The seq the next batch sent gets: every batch before it was acknowledged (or dropped and reported). */
  seq: number;
  /** The queue position (idb-queue.ts) of the last batch acknowledged; older copies are never sent again. */
  acked: number;
  /** ms since the epoch. */
  start_time: number;
  start_url: string;
  /** The last user activity (input, pointer, scroll) or page load. */
  last_activity: number;
  /** Timestamp of the newest rrweb event stored: how long the replay is, for record_min_ms. */
  last_event: number;
  /** When a page holding this record last showed it was alive. */
  seen: number;
  /** Batches waiting in the queue, and their bytes as stored. */
  batches: number;
  bytes: number;
  /** Dropped and not yet reported to the server (POST /record/dropped/). */
  dropped_batches: number;
  dropped_events: number;
}

/** A page that has not touched its records for this long has gone: another page may deliver them. */
export const ORPHAN_MS = 10 * 60 * 1000;

export const replayKey = (name: string, token: string, replayId: string) => `__mprec_${name}_${token}_${replayId}`;

/** A replay ends after record_idle_timeout_ms without activity, or record_max_ms after it began. */
export function isExpired(record: Pick<ReplayRecord, 'last_activity' | 'start_time'>, now: number, idleMs: number, maxMs: number): boolean {
  return now - record.last_activity > idleMs || now - record.start_time > maxMs;
}

/** Replays shorter than record_min_ms are held back, and discarded if they end that short. */
export function isShort(record: ReplayRecord, minMs: number): boolean {
  return minMs > 0 && record.last_event - record.start_time < minMs;
}

export class ReplayRegistry {
  private readonly prefix: string;

  constructor(
    readonly db: Db,
    readonly name: string,
    readonly token: string,
  ) {
    this.prefix = replayKey(name, token, '');
  }

  /** This instance's records, within a transaction. */
  all(tx: Tx): Promise<ReplayRecord[]> {
    return tx.range<ReplayRecord>('replays', this.prefix, this.prefix + '\uffff');
  }

  /** The tab's current replay, or null. */
  current(tabId: string): Promise<ReplayRecord | null> {
    return this.db.run('readonly', async (tx) => (await this.all(tx)).find((r) => r.live && r.tab_id === tabId) || null);
  }

  get(key: string): Promise<ReplayRecord | null> {
    return this.db.run('readonly', async (tx) => (await tx.get<ReplayRecord>('replays', key)) || null);
  }

  /** Starts a new replay in the tab; the tab's previous replay, if any, ends (its batches stay). */
  create(tabId: string, now: number, url: string, replayId = uuid()): Promise<ReplayRecord> {
    return this.db.run('readwrite', async (tx) => {
      for (const old of await this.all(tx)) if (old.live && old.tab_id === tabId) await this.finish(tx, old);
      const record: ReplayRecord = {
        key: replayKey(this.name, this.token, replayId), replay_id: replayId, tab_id: tabId, live: true, seq: 0, acked: -1,
        start_time: now, start_url: url, last_activity: now, last_event: now, seen: now, batches: 0, bytes: 0,
        dropped_batches: 0, dropped_events: 0,
      };
      await tx.put('replays', record.key, record);
      return record;
    });
  }

  /** Changes a record that still exists; returns it as stored, or null. */
  update(key: string, change: Partial<ReplayRecord>): Promise<ReplayRecord | null> {
    return this.db.run('readwrite', async (tx) => {
      const record = await tx.get<ReplayRecord>('replays', key);
      if (!record) return null;
      const updated = { ...record, ...change };
      await tx.put('replays', key, updated);
      return updated;
    });
  }

  /** The replay is over: no more recording into it; its record goes once nothing is left to deliver. */
  end(key: string): Promise<void> {
    return this.db.run('readwrite', async (tx) => {
      const record = await tx.get<ReplayRecord>('replays', key);
      if (record) await this.finish(tx, record);
    });
  }

  /**
   * The visitor opted out: every replay of this instance, live or waiting, and every batch waiting for
   * one (idb-queue.ts) are deleted unsent, in one transaction. Here rather than in the queue because the
   * core does it, with or without the recorder bundle.
   */
  forgetAll(): Promise<void> {
    return this.db.run('readwrite', async (tx) => {
      // Batch keys are [replay key, position]: every one of this instance's sorts between these two.
      for (const key of await tx.keys('batches', [this.prefix], [this.prefix + '\uffff'])) await tx.delete('batches', key);
      for (const record of await this.all(tx)) await tx.delete('replays', record.key);
    });
  }

  private async finish(tx: Tx, record: ReplayRecord): Promise<void> {
    if (!record.batches && !record.dropped_batches) await tx.delete('replays', record.key);
    else await tx.put('replays', record.key, { ...record, live: false, paused: false });
  }

  /**
   * The replays this page delivers, oldest first: its tab's own, and those of pages that went away
   * (closed tabs, ended or expired replays nobody touched for ORPHAN_MS), which it adopts. Adoption is a
   * transaction, so two tabs never both take the same orphan.
   */
  deliveries(tabId: string, now: number, idleMs: number, maxMs: number): Promise<ReplayRecord[]> {
    return this.db.run('readwrite', async (tx) => {
      const mine: ReplayRecord[] = [];
      for (const record of await this.all(tx)) {
        if (record.tab_id === tabId) {
          mine.push(record);
        } else if (now - record.seen > ORPHAN_MS && (!record.live || isExpired(record, now, idleMs, maxMs))) {
          const adopted = { ...record, tab_id: tabId, live: false, seen: now };
          await tx.put('replays', record.key, adopted);
          mine.push(adopted);
        }
      }
      return mine.sort((a, b) => a.start_time - b.start_time);
    });
  }

  /** Whether this page has anything to deliver (so the core loads the recorder even when not recording). */
  async hasDeliveries(tabId: string, now: number, idleMs: number, maxMs: number): Promise<boolean> {
    const records = await this.db.run('readonly', (tx) => this.all(tx));
    return records.some(
      (r) => (r.batches > 0 || r.dropped_batches > 0) &&
        (r.tab_id === tabId || (now - r.seen > ORPHAN_MS && (!r.live || isExpired(r, now, idleMs, maxMs)))),
    );
  }
}

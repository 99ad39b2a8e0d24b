// The tab's replay registry, in sessionStorage: which replay this tab is recording, the next seq, when it
// started and when the visitor was last active. sessionStorage survives reloads and same-tab navigations
// but not the tab, which is exactly the life of one replay: page 2 of a visit continues page 1's replay
// with the next seq instead of starting a new one.
//
// Both bundles use it: the core decides whether a replay continues, starts or ends; the recorder takes
// seqs and records activity. (A later change moves unsent batches to IndexedDB; this registry stays.)
import { uuid } from './ids';
import { pageKey, registryKey } from './recording-keys';
import { readJson, writeJson, type KeyValueStore } from './storage';

export interface ReplayEntry {
  replay_id: string;
  /** The seq the next batch gets. */
  seq: number;
  /** ms since the epoch. */
  start_time: number;
  start_url: string;
  /** ms since the epoch of the last user activity (input, pointer, scroll) or page start. */
  last_activity: number;
  /** pause_session_recording() was called and nothing resumed it yet. */
  paused?: boolean;
}

/** A replay ends after record_idle_timeout_ms without activity, or record_max_ms after it began. */
export function isExpired(entry: ReplayEntry, now: number, idleMs: number, maxMs: number): boolean {
  return now - entry.last_activity > idleMs || now - entry.start_time > maxMs;
}

export class ReplayRegistry {
  private readonly key: string;
  private readonly pageKey: string;
  private readonly pageId = uuid();

  constructor(
    private readonly store: KeyValueStore | null,
    name: string,
    token: string,
  ) {
    this.key = registryKey(name, token);
    this.pageKey = pageKey(name, token);
  }

  read(): ReplayEntry | null {
    const entry = readJson<ReplayEntry>(this.store, this.key);
    return entry && typeof entry.replay_id === 'string' && typeof entry.seq === 'number' ? entry : null;
  }

  /** Starts a new replay in this tab, replacing whatever was there. */
  create(now: number, url: string): ReplayEntry {
    const entry: ReplayEntry = { replay_id: uuid(), seq: 0, start_time: now, start_url: url, last_activity: now };
    writeJson(this.store, this.key, entry);
    return entry;
  }

  /** Changes the entry if it still belongs to `replayId`; returns the updated entry. */
  update(replayId: string, change: Partial<ReplayEntry>): ReplayEntry | null {
    const entry = this.read();
    if (!entry || entry.replay_id !== replayId) return null;
    const updated = { ...entry, ...change };
    writeJson(this.store, this.key, updated);
    return updated;
  }

  /**
   * Hands out the next seq of `replayId` and advances the counter, or returns null when the tab has
   * moved on to another replay. Read from storage every time: another page of this tab (a back/forward
   * cache restore) may have taken seqs in between.
   */
  takeSeq(replayId: string): number | null {
    const entry = this.read();
    if (!entry || entry.replay_id !== replayId) return null;
    this.update(replayId, { seq: entry.seq + 1 });
    return entry.seq;
  }

  clear(): void {
    this.store?.remove(this.key);
  }

  /**
   * Marks this page as the tab's live page. Returns false when another page still held it: the browser
   * copied sessionStorage from a live page (a duplicated tab, window.open), so this page is a new tab
   * and must not write into that tab's replay. A reload or navigation released the mark at page hide.
   */
  claimPage(): boolean {
    const holder = this.store?.get(this.pageKey);
    this.store?.set(this.pageKey, this.pageId);
    return !holder || holder === this.pageId;
  }

  releasePage(): void {
    if (this.store?.get(this.pageKey) === this.pageId) this.store.remove(this.pageKey);
  }
}

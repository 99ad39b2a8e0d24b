// One SDK instance's recorder: runs rrweb into the tab's live replay, passes every event through the
// privacy filter (event-privacy.ts) before anything else sees it, seals batches and stores them in the
// IndexedDB queue (idb-queue.ts), which the uploader delivers; watches for idleness and the maximum length;
// marks single-page-app navigations; and at page hide makes sure nothing collected is lost — unless the
// visitor opted out, in which case nothing more is stored or sent and the core discards the rest.
import { EventType, IncrementalSource, type RecordedEvent } from '@hindsight/types';
import { record } from '@rrweb/record';
import { IdbQueue, type BatchParams, type StoredBatch } from '../idb-queue';
import type { Recorder, RecorderHost } from '../recorder-api';
import { stashKey } from '../recording-keys';
import { replayKey, ReplayRegistry, type ReplayRecord } from '../replay-registry';
import { sessionStore } from '../storage';
import { LIB_VERSION, MP_LIB } from '../version';
import { Batcher, FLUSH_INTERVAL_MS } from './batcher';
import { privacyFilter } from './event-privacy';
import { rrwebPrivacyOptions } from './masking';
import { loadParts, type RecorderPart } from './parts';
import { PrivacyDecisions } from './privacy-decisions';
import { privacyRules } from './privacy-rules';
import { encodeBody, sendBatch, sendDropped } from './record-transport';
import { takeStash, writeStash, type StashedBatch } from './stash';
import { Uploader } from './uploader';
import { watchSiteNavigation } from './site-navigation';
import { watchUrl } from './url-watcher';

/**
 * The first batch of a page is sealed this soon after the snapshot rather than after 10 s: the snapshot
 * is most of a page's bytes, it travels compressed, the replay is watchable at once, and what is left
 * for the uncompressed keepalive at page hide stays small.
 */
const SNAPSHOT_FLUSH_DELAY_MS = 1000;
/**
 * A page that announced a navigation to another page of the site (Navigation API) and is hidden within
 * this time is leaving for that page, which delivers what waits: nothing goes on keepalive requests.
 */
const SITE_NAVIGATION_MS = 30_000;
/** Of the 64 KiB browsers allow for requests outliving a page; the rest is left for event beacons. */
const KEEPALIVE_BUDGET_BYTES = 56 * 1024;
/** last_activity is written at most this often (mouse moves come in dozens a second). */
const ACTIVITY_WRITE_INTERVAL_MS = 5000;
/** How often a recording page shows the registry it is alive (replay-registry.ts ORPHAN_MS). */
const HEARTBEAT_MS = 60_000;

/** Incremental sources that mean a person is there (rrweb's own mutations and style changes do not). */
const USER_SOURCES: number[] = [
  IncrementalSource.MouseMove, IncrementalSource.MouseInteraction, IncrementalSource.Scroll,
  IncrementalSource.ViewportResize, IncrementalSource.Input, IncrementalSource.TouchMove,
  IncrementalSource.MediaInteraction, IncrementalSource.Drag, IncrementalSource.Selection,
];

export function isUserActivity(event: RecordedEvent): boolean {
  return event.type === EventType.IncrementalSnapshot &&
    USER_SOURCES.indexOf((event.data as { source?: number } | null)?.source ?? -1) >= 0;
}

type RecordFn = typeof record;

/** A batch sealed on this page and not yet confirmed in IndexedDB: stashed if the page goes first. */
interface Unstored extends StashedBatch {
  json: string;
}

export class SessionRecorder implements Recorder {
  private readonly session = sessionStore();
  private readonly stashKey: string;
  private readonly batcher = new Batcher();
  /** Opens the database, takes what the previous page stashed, then lets recording and delivery begin. */
  private readonly ready: Promise<{ registry: ReplayRegistry; queue: IdbQueue; uploader: Uploader }>;
  private uploader: Uploader | null = null;
  private stopRrweb: (() => void) | null = null;
  private stopUrlWatch: (() => void) | null = null;
  /** The replay being started (start() waits for the registry) or recorded. */
  private startingId: string | null = null;
  private replay: ReplayRecord | null = null;
  private nextOrder = 0;
  /** A page's first batch must hold its Meta + FullSnapshot; rrweb may emit load events before them. */
  private snapshotTaken = false;
  private lastActivity = 0;
  private lastActivityWrite = 0;
  private expiring = false;
  private timers: Array<ReturnType<typeof setTimeout>> = [];
  private partModules: ReturnType<typeof loadParts> | null = null;
  /** Stores run one after another, so the queue receives batches in the order they were sealed. */
  private storing: Promise<unknown> = Promise.resolve();
  private unstored: Unstored[] = [];
  /** When this page announced a navigation to another page of the site (0: none). */
  private leavingAt = 0;

  constructor(
    private readonly host: RecorderHost,
    private readonly rrwebRecord: RecordFn = record,
  ) {
    const { name, token } = host.config;
    this.stashKey = stashKey(name, token);
    const stashed = takeStash(this.session, this.stashKey);
    this.ready = Promise.resolve(host.db).then(async (db) => {
      const registry = new ReplayRegistry(db, name, token);
      const queue = new IdbQueue(db);
      const uploader = new Uploader({
        registry,
        queue,
        tabId: host.tabId,
        config: () => this.host.config,
        send: (batch, seq, keepalive) => sendBatch(this.host.config.api_host, token, batch, seq, keepalive),
        reportDropped: (replayId, batches, events) => sendDropped(this.host.config.api_host, token, replayId, batches, events),
        refused: (replayId) => this.refused(replayId),
        allowed: () => this.host.allowed(),
        optedOut: () => this.host.optedOut(),
        log: host.log,
      });
      // What the previous page stashed goes in first, in its positions, before this page seals anything
      // (unless the visitor opted out while the bundle loaded: then it is dropped).
      for (const { key, batch } of stashed) if (this.host.allowed()) await uploader.append(key, batch);
      this.uploader = uploader;
      return { registry, queue, uploader };
    });
    addEventListener('pagehide', () => this.onHide());
    // A navigation announces itself here first, before the next page can start: the stash is written
    // before that page looks for it, even where the browser runs this page's pagehide concurrently.
    addEventListener('beforeunload', () => this.onHide());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.onHide();
      else this.uploader?.release();
    });
    addEventListener('pageshow', () => this.uploader?.release());
    watchSiteNavigation(() => (this.leavingAt = Date.now()));
  }

  deliver(): void {
    void this.ready.then(({ uploader }) => uploader.kick());
  }

  start(replayId: string): void {
    // Already recording it, or about to.
    if (this.startingId === replayId) return;
    this.startingId = replayId;
    void this.ready.then(async ({ registry, queue, uploader }) => {
      const key = replayKey(this.host.config.name, this.host.config.token, replayId);
      const entry = await registry.get(key);
      const orders = await queue.orders(key);
      if (this.startingId !== replayId) return;
      if (!entry || !entry.live || entry.tab_id !== this.host.tabId) {
        // The tab has moved on (another page of it ended this replay): nothing to record into.
        this.startingId = null;
        return;
      }
      const parts = await this.parts();
      if (this.startingId !== replayId) return;
      if (this.stopRrweb) await this.halt(false);
      this.startingId = replayId;
      // Held events (a pause) stay only if they belong to this replay.
      if (this.replay?.replay_id !== replayId) this.batcher.clear();
      this.nextOrder = Math.floor(Math.max(entry.acked, ...orders, -1)) + 1;
      uploader.follow(entry, orders);
      this.run(entry, parts);
      uploader.kick();
    });
  }

  /** The optional parts the configuration asks for, loaded once per page, created afresh for each run. */
  private parts(): Promise<RecorderPart[]> {
    const { config, log } = this.host;
    this.partModules ||= loadParts(config, this.host.recorderSrc, log);
    return this.partModules.then((modules) => modules.flatMap(([name, module]) => {
      try {
        return [module.create(config, log, this.host.track)];
      } catch (error) {
        log.error(`Recording without the ${name} part`, error);
        return [];
      }
    }));
  }

  private run(entry: ReplayRecord, parts: RecorderPart[]): void {
    this.replay = entry;
    this.snapshotTaken = false;
    this.expiring = false;
    this.lastActivity = Date.now();
    this.lastActivityWrite = 0;
    const rules = privacyRules(this.host.config, (message) => this.host.log.error(message));
    // Masked content must never reach the batcher: not the server, not IndexedDB, not the page-hide stash.
    const decisions = new PrivacyDecisions(rules);
    const sanitisers = new Map(parts.flatMap((part) => part.sanitisers || []));
    const protect = privacyFilter(rules, this.rrwebRecord.mirror, decisions, sanitisers);
    try {
      this.stopRrweb =
        this.rrwebRecord({
          ...rrwebPrivacyOptions(rules, decisions),
          // A part may turn on what the privacy options leave off (recordCanvas, cross-origin iframes):
          // whatever it makes rrweb emit still passes the privacy filter below.
          ...Object.assign({}, ...parts.map((part) => part.options || {})),
          plugins: parts.flatMap((part) => part.plugins || []) as never,
          emit: (event) => this.onEvent(protect(event as unknown as RecordedEvent)),
          // rrweb's own failures must never break the site it records.
          errorHandler: (error) => {
            this.host.log.error('rrweb', error);
            return true;
          },
        }) || null;
    } catch (error) {
      this.host.log.error('Could not start recording', error);
      this.stopRrweb = null;
    }
    if (!this.stopRrweb) return;
    this.stopUrlWatch = watchUrl((href) => this.onEvent({ type: EventType.Meta, data: { href, width: innerWidth, height: innerHeight }, timestamp: Date.now() }));
    this.schedule(() => this.checkIdle(), this.host.config.record_idle_timeout_ms);
    this.schedule(() => this.host.expired('max'), Math.max(0, entry.start_time + this.host.config.record_max_ms - Date.now()));
    const heartbeat = () =>
      this.schedule(() => {
        void this.touch({});
        heartbeat();
      }, HEARTBEAT_MS);
    heartbeat();
    const flushAfter = (delay: number) =>
      this.schedule(() => {
        this.seal(false);
        flushAfter(FLUSH_INTERVAL_MS);
      }, delay);
    flushAfter(SNAPSHOT_FLUSH_DELAY_MS);
  }

  halt(final: boolean): Promise<void> {
    this.startingId = null;
    if (this.stopRrweb) {
      try {
        this.stopRrweb();
      } catch (error) {
        this.host.log.error('Could not stop rrweb', error);
      }
      this.stopRrweb = null;
    }
    this.stopUrlWatch?.();
    this.stopUrlWatch = null;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    const stored = this.seal(false);
    if (final) {
      this.batcher.clear();
      this.replay = null;
      this.uploader?.unfollow();
    }
    return stored;
  }

  discard(): void {
    // Without a replay, halting seals nothing.
    this.replay = null;
    void this.halt(false);
    this.batcher.clear();
    this.unstored = [];
    this.session?.remove(this.stashKey);
    this.uploader?.clear();
  }

  private schedule(run: () => void, delay: number): void {
    this.timers.push(setTimeout(run, delay));
  }

  private touch(change: Partial<ReplayRecord>): Promise<unknown> {
    const replay = this.replay;
    if (!replay) return Promise.resolve();
    return this.ready
      .then(({ registry }) => registry.update(replay.key, { ...change, seen: Date.now() }))
      .catch((error) => this.host.log.error('Could not update the replay registry', error));
  }

  /** `event` is null when the privacy filter withheld it. */
  private onEvent(event: RecordedEvent | null): void {
    // (rrweb emits the page's Meta and FullSnapshot from within record(), before it returns.)
    if (!event || !this.replay || this.expiring) return;
    if (event.type === EventType.FullSnapshot) this.snapshotTaken = true;
    if (isUserActivity(event)) {
      const now = Date.now();
      if (now - this.lastActivity > this.host.config.record_idle_timeout_ms) {
        // Timers in background tabs run late; the visitor came back to a replay that had already idled out.
        this.expire('idle');
        return;
      }
      this.lastActivity = now;
      if (now - this.lastActivityWrite > ACTIVITY_WRITE_INTERVAL_MS) {
        this.lastActivityWrite = now;
        void this.touch({ last_activity: now });
      }
    }
    if (this.batcher.add(event, location.href)) this.seal(false);
  }

  private checkIdle(): void {
    const idleFor = Date.now() - this.lastActivity;
    const timeout = this.host.config.record_idle_timeout_ms;
    if (idleFor >= timeout) this.expire('idle');
    else this.schedule(() => this.checkIdle(), timeout - idleFor);
  }

  /** Tells the core, outside rrweb's callback, that the replay ran out; the core halts us. */
  private expire(reason: 'idle' | 'max'): void {
    this.expiring = true;
    setTimeout(() => this.host.expired(reason), 0);
  }

  /** The server refused the replay (capture paused): stop without sealing anything more. */
  private refused(replayId: string): void {
    if (this.replay?.replay_id === replayId) this.batcher.clear();
    this.host.refused(replayId);
  }

  /**
   * Turns what was collected into a batch at the next position of the replay's queue and stores it
   * (compressed unless `hiding`: a page going away has no time to wait for compression).
   */
  private seal(hiding: boolean): Promise<void> {
    const replay = this.replay;
    if (!replay || !this.batcher.size) return this.storing.then(() => undefined);
    if (!this.host.allowed()) {
      // Opted out, perhaps in another tab: nothing more is stored. The core discards us, outside rrweb's callback.
      this.replay = null;
      this.batcher.clear();
      setTimeout(() => this.host.optedOut(), 0);
      return this.storing.then(() => undefined);
    }
    if (!this.snapshotTaken) {
      // Events without their page's snapshot cannot be played; this happens only if rrweb failed to start.
      this.batcher.clear();
      return this.storing.then(() => undefined);
    }
    const taken = this.batcher.take()!;
    const identity = this.host.identity();
    const params: BatchParams = {
      replay_id: replay.replay_id,
      distinct_id: identity.distinct_id,
      replay_start_time: replay.start_time / 1000,
      batch_start_time: taken.firstTimestamp / 1000,
      replay_length_ms: Math.max(0, taken.lastTimestamp - replay.start_time),
      $current_url: taken.url,
      replay_start_url: replay.start_url,
      mp_lib: MP_LIB,
      $lib_version: LIB_VERSION,
      tab_id: this.host.tabId,
    };
    if (identity.$device_id) params.$device_id = identity.$device_id;
    if (identity.$user_id) params.$user_id = identity.$user_id;
    const json = JSON.stringify(taken.events);
    const batch: StoredBatch = { order: this.nextOrder++, params, body: json, format: 'body', events: taken.events.length, last: taken.lastTimestamp };
    const pending: Unstored = { key: replay.key, batch, json };
    this.unstored.push(pending);
    this.uploader?.remember(replay.key, batch);
    const store = async () => {
      const { uploader } = await this.ready;
      const encoded = hiding ? { format: batch.format, body: batch.body } : await encodeBody(json);
      // An opt-out while it was compressed (discard() has forgotten it already).
      if (!this.unstored.includes(pending)) return;
      await uploader.append(replay.key, { ...batch, ...encoded });
      this.unstored = this.unstored.filter((u) => u !== pending);
      if (!this.unstored.length) this.session?.remove(this.stashKey);
    };
    const next = this.storing.then(store, store);
    this.storing = next.catch((error) => this.host.log.error('Could not store a recording batch', error));
    return this.storing.then(() => undefined);
  }

  /**
   * The page is hidden and may be about to go: seal what was collected, stash every batch not yet in
   * IndexedDB for the next page of the tab, and send what fits on keepalive requests.
   */
  private onHide(): void {
    // Opted out: nothing is stashed, nothing goes on keepalive requests.
    if (!this.host.allowed()) return this.host.optedOut();
    void this.seal(true);
    writeStash(this.session, this.stashKey, this.unstored.map(({ key, batch, json }) => ({ key, batch: { ...batch, format: 'body' as const, body: json } })));
    // Going to another page of the site: it sends what waits, compressed, once. Closing, or leaving the
    // site: keepalive requests, uncompressed (there is no time to compress), or the rest waits for a return.
    if (Date.now() - this.leavingAt < SITE_NAVIGATION_MS) this.uploader?.hold(SITE_NAVIGATION_MS);
    else this.uploader?.sendOnHide(KEEPALIVE_BUDGET_BYTES);
  }
}

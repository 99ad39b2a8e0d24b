// One SDK instance's recorder: runs rrweb into the tab's current replay, seals batches with their seq,
// hands them to the upload queue, watches for idleness and the maximum length, and at page hide makes
// sure nothing collected is lost.
import { IncrementalSource, type RecordedEvent, EventType } from '@hindsight/types';
import { record } from '@rrweb/record';
import type { Recorder, RecorderHost } from '../recorder-api';
import { stashKey } from '../recording-keys';
import { ReplayRegistry, type ReplayEntry } from '../replay-registry';
import { sessionStore } from '../storage';
import { LIB_VERSION, MP_LIB } from '../version';
import { Batcher, FLUSH_INTERVAL_MS } from './batcher';
import { privacyFilter } from './event-privacy';
import { rrwebPrivacyOptions } from './masking';
import { privacyRules } from './privacy-rules';
import { sendBatch, sendKeepalive, type BatchParams } from './record-transport';
import { takeStash, writeStash } from './stash';
import { UploadQueue } from './upload-queue';

/**
 * The first batch of a page goes out this soon after the snapshot rather than after 10 s: the snapshot
 * is most of a page's bytes, it travels compressed, the replay is watchable at once, and what is left
 * for the uncompressed keepalive at page hide stays small.
 */
const SNAPSHOT_FLUSH_DELAY_MS = 1000;
/** Of the 64 KiB browsers allow for requests outliving a page; the rest is left for event beacons. */
const KEEPALIVE_BUDGET_BYTES = 56 * 1024;
/** last_activity is written to sessionStorage at most this often (mouse moves come in dozens). */
const ACTIVITY_WRITE_INTERVAL_MS = 1000;

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

export class SessionRecorder implements Recorder {
  private readonly session = sessionStore();
  private readonly registry: ReplayRegistry;
  private readonly stashKey: string;
  private readonly uploads: UploadQueue;
  private readonly batcher = new Batcher();
  private stopRrweb: (() => void) | null = null;
  /** The replay being recorded, as the registry held it when recording started. */
  private replay: ReplayEntry | null = null;
  /** Used when the registry has moved on to another replay (it ended) but this one still has events. */
  private nextSeq = 0;
  /** A page's first batch must hold its Meta + FullSnapshot; rrweb may emit load events before them. */
  private snapshotTaken = false;
  private lastActivity = 0;
  private lastActivityWrite = 0;
  private expiring = false;
  private timers: Array<ReturnType<typeof setTimeout>> = [];
  private stashed = false;

  constructor(
    private readonly host: RecorderHost,
    private readonly rrwebRecord: RecordFn = record,
  ) {
    const { name, token } = host.config;
    this.registry = new ReplayRegistry(this.session, name, token);
    this.stashKey = stashKey(name, token);
    this.uploads = new UploadQueue({
      send: (batch) => sendBatch(this.host.config.api_host, token, batch),
      sendKeepalive: (batch, json) => sendKeepalive(this.host.config.api_host, token, batch, json),
      allowed: () => this.host.allowed(),
      log: host.log,
      onSettled: () => {
        if (this.stashed) this.restash();
      },
    });
    // What the previous page stashed goes first, with the seqs it was given, before this page's batches.
    for (const batch of takeStash(this.session, this.stashKey)) this.uploads.push(batch);
    addEventListener('pagehide', () => this.onHide());
    // A navigation announces itself here first, before the next page can start: the stash is written
    // before that page looks for it, even where the browser runs this page's pagehide concurrently.
    addEventListener('beforeunload', () => this.onHide());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.onHide();
    });
  }

  start(replayId: string): void {
    if (this.stopRrweb && this.replay?.replay_id === replayId) return;
    if (this.stopRrweb) this.halt(false);
    const entry = this.registry.read();
    if (!entry || entry.replay_id !== replayId) return;
    // Held events (a paused replay still under record_min_ms) stay only if they belong to this replay.
    if (this.replay?.replay_id !== replayId) this.batcher.clear();
    this.replay = entry;
    this.nextSeq = entry.seq;
    this.snapshotTaken = false;
    this.expiring = false;
    this.lastActivity = Date.now();
    this.lastActivityWrite = 0;
    const rules = privacyRules(this.host.config, (message) => this.host.log.error(message));
    const protect = privacyFilter(rules, this.rrwebRecord.mirror);
    try {
      this.stopRrweb =
        this.rrwebRecord({
          ...rrwebPrivacyOptions(rules),
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
    this.schedule(() => this.checkIdle(), this.host.config.record_idle_timeout_ms);
    this.schedule(() => this.host.expired('max'), Math.max(0, entry.start_time + this.host.config.record_max_ms - Date.now()));
    const flushAfter = (delay: number) =>
      this.schedule(() => {
        this.seal(false);
        flushAfter(FLUSH_INTERVAL_MS);
      }, delay);
    flushAfter(SNAPSHOT_FLUSH_DELAY_MS);
  }

  halt(final: boolean): void {
    if (this.stopRrweb) {
      try {
        this.stopRrweb();
      } catch (error) {
        this.host.log.error('Could not stop rrweb', error);
      }
      this.stopRrweb = null;
    }
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    this.seal(final);
    if (final) {
      // Whatever is still held was too short (record_min_ms) to become a replay.
      this.batcher.clear();
      this.replay = null;
    }
  }

  discard(): void {
    this.replay = null;
    this.halt(false);
    this.batcher.clear();
    this.uploads.clear();
    this.session?.remove(this.stashKey);
    this.stashed = false;
  }

  private schedule(run: () => void, delay: number): void {
    this.timers.push(setTimeout(run, delay));
  }

  private onEvent(event: RecordedEvent | null): void {
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
        this.registry.update(this.replay.replay_id, { last_activity: now });
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

  /** Turns what was collected into a batch with the replay's next seq and queues it for upload. */
  private seal(final: boolean): void {
    const replay = this.replay;
    const span = this.batcher.span();
    if (!replay || !span || (!this.snapshotTaken && !final)) return;
    if (span.last - replay.start_time < this.host.config.record_min_ms) return;
    const taken = this.batcher.take()!;
    const seq = this.registry.takeSeq(replay.replay_id) ?? this.nextSeq;
    this.nextSeq = seq + 1;
    const identity = this.host.identity();
    const params: BatchParams = {
      replay_id: replay.replay_id,
      seq,
      distinct_id: identity.distinct_id,
      replay_start_time: replay.start_time / 1000,
      batch_start_time: taken.firstTimestamp / 1000,
      replay_length_ms: Math.max(0, taken.lastTimestamp - replay.start_time),
      $current_url: taken.url,
      replay_start_url: replay.start_url,
      mp_lib: MP_LIB,
      $lib_version: LIB_VERSION,
    };
    if (identity.$device_id) params.$device_id = identity.$device_id;
    if (identity.$user_id) params.$user_id = identity.$user_id;
    this.uploads.push({ params, events: taken.events });
  }

  private restash(): void {
    this.stashed = writeStash(this.session, this.stashKey, this.uploads.unacked());
  }

  /**
   * The page is hidden and may be about to go: seal what was collected (it gets its seq now), stash every
   * unacknowledged batch for the next page of the tab, and send what fits on keepalive requests.
   */
  private onHide(): void {
    if (!this.host.allowed()) return this.discard();
    this.seal(false);
    this.restash();
    this.uploads.sendOnHide(KEEPALIVE_BUDGET_BYTES);
  }
}

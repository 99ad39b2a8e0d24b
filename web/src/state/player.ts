// One open replay: downloads its chunks progressively, drives rrweb's Replayer, and exposes what the
// player's controls show as signals. Times in signals are ms from the replay's start.
//
// Loading: the detail gives the chunk list (a long replay's first page of it; the rest is listed while
// chunks download) and the total length; chunk 0 and rrweb's code are asked for beside it. Chunk 0
// starts playback the moment it arrives; later chunks stream in, in seq order, through
// replayer.addEvent(). A seek (or a link's t) past what has arrived waits in the `loading` state until
// the chunks that cover it are in, then lands exactly there. If playback catches up with the download,
// rrweb reports the end of what it has; the player then waits (`loading`) and resumes from the same
// moment when the next chunk arrives.
//
// Live: a replay still being recorded (detail.live) subscribes to GET /api/replays/{id}/live. Each
// "chunk" notice joins the schedule, is downloaded like any chunk and handed to rrweb through
// addEvent(), so the timeline grows while it plays. It opens like any replay, at its start (or a link's
// t); "Go live" (goLive()) jumps to the end and follows it: playback that reaches the end waits there
// for the next chunk. A seek back or a pause stops following, and "Go live" shows again. "end" from the
// server (no batch for a minute) makes it an ordinary replay.

import { computed, signal, type Signal } from '@preact/signals';
import type { RecordedEvent, ReplayChunkInfo, ReplayDetail } from '@hindsight/types';
import { api, ApiError } from '../api';
import { ChunkSchedule, loadChunks } from '../lib/chunk-loader';
import { InactivityTracker, type Period } from '../lib/inactivity';
import type { Replayer } from '../lib/replayer';
import { DevtoolsLog } from '../player/devtools';
import { PageLog } from '../player/page-log';

export type PlayerState = 'loading' | 'playing' | 'paused' | 'ended' | 'error';

export const SPEEDS = [0.5, 1, 2, 4, 8] as const;
export type Speed = (typeof SPEEDS)[number];

export interface Viewport {
  width: number;
  height: number;
}

export class PlayerModel {
  readonly state = signal<PlayerState>('loading');
  readonly error = signal<string | null>(null);
  readonly detail = signal<ReplayDetail | null>(null);
  readonly currentMs = signal(0);
  readonly totalMs = signal(0);
  readonly loadedMs = signal(0);
  readonly loadedChunks = signal(0);
  readonly totalChunks = signal(0);
  readonly speed = signal<Speed>(1);
  readonly skipInactive = signal(true);
  /** Inactive stretches, in ms from the start. */
  readonly inactive = signal<Period[]>([]);
  /** The recorded page's viewport, from Meta and viewport-resize events. */
  readonly viewport = signal<Viewport | null>(null);
  /** True once the first events are in and rrweb has built its player. */
  readonly replayerReady = signal(false);
  /**
   * True once the replayed page has been built for the first time, or the player has given up: what can
   * wait for the first frame (the replay's details) waits for this.
   */
  readonly firstFrameBuilt = signal(false);
  /** What the user asked for: drives the play button while the player is still loading. */
  readonly wantsPlay: Signal<boolean>;
  /** The page's console and network requests, collected as chunks arrive (player/devtools.ts). */
  readonly devtools = new DevtoolsLog();
  /** The visitor's clicks and page changes, collected the same way (player/page-log.ts). */
  readonly page = new PageLog();
  /** Moves on whenever `devtools` or `page` took in more: what shows them re-renders then. */
  readonly devtoolsVersion = signal(0);
  /** Still being recorded, with a live stream open: new chunks keep arriving. */
  readonly live = signal(false);
  /** The live stream has said "ready": every chunk stored from then on will be heard of. */
  readonly subscribed = signal(false);
  /** Live and keeping to the end; false once the user seeks back or pauses ("Go live" shows). */
  readonly following = signal(false);
  readonly projectId = computed(() => this.detail.value?.projectId ?? this.requestedProjectId);

  private replayer: Replayer | null = null;
  private createReplayerFn: typeof import('../lib/replayer').createReplayer | null = null;
  private root: HTMLElement | null = null;
  private schedule: ChunkSchedule | null = null;
  private readonly tracker = new InactivityTracker();
  private readonly early: RecordedEvent[] = [];
  private readonly controller = new AbortController();
  /** Absolute time of ms 0: the replay's start. */
  private origin = 0;
  private lastEventMs = 0;
  private pendingSeek: number | null;
  private bufferingAt: number | null = null;
  /** Chunks given to replayer.addEvent() whose events rrweb has not taken in yet (it takes them in a microtask). */
  private handOffs = 0;
  /** Set when a chunk could not be downloaded, even after retries. */
  private loadError: unknown = null;
  /**
   * Where the user last put the playhead (a seek, or a link's t). An inactive stretch holding that
   * moment is not skipped: the user chose to look at it.
   */
  private landedAt: number | null;
  private raf = 0;
  private liveSource: EventSource | null = null;
  /** Notices heard while a long replay's chunk list is still being paged: joined once it is complete. */
  private heldNotices: ReplayChunkInfo[] = [];
  private loading: Promise<void> | null = null;
  private loadOptions: Parameters<typeof loadChunks>[0] | null = null;

  constructor(
    readonly replayId: string,
    private readonly requestedProjectId: number | null,
    startAt: number | null,
  ) {
    // A link with t opens paused at that moment; otherwise the replay plays as soon as it can.
    this.pendingSeek = startAt ?? 0;
    this.landedAt = startAt;
    this.wantsPlay = signal(startAt === null);
  }

  async start(root: HTMLElement): Promise<void> {
    this.root = root;
    const { signal: abort } = this.controller;
    // rrweb is most of the dashboard's code: a chunk of its own (index.html preloads it), run only here.
    const opening = Promise.all([api.replay(this.replayId, this.requestedProjectId, abort), import('../lib/replayer')]);
    // Seq 0 is the first chunk of nearly every replay: asking for it beside the detail, rather than once
    // the detail has named it, takes a round trip off the first frame. Used only if the detail lists it.
    let firstChunk: Promise<RecordedEvent[]> | null = api.chunk(this.replayId, 0, this.requestedProjectId, abort);
    firstChunk.catch(() => {}); // its failure matters only to the one who uses it
    let detail: ReplayDetail;
    try {
      const [loaded, replayerModule] = await opening;
      detail = loaded;
      this.createReplayerFn = replayerModule.createReplayer;
    } catch (error) {
      return this.fail(error, 'This replay could not be loaded.');
    }
    if (abort.aborted) return;
    this.detail.value = detail;

    const chunks = [...detail.chunks].sort((a, b) => a.seq - b.seq);
    if (chunks.length === 0) return this.fail(null, 'This replay has no recorded events yet.');
    this.origin = Math.min(detail.startedAt, ...chunks.map((c) => c.firstTimestamp));
    const end = Math.max(detail.lastEventAt, ...chunks.map((c) => c.lastTimestamp));
    this.totalMs.value = Math.max(0, end - this.origin);
    this.totalChunks.value = detail.moreChunks ? Math.max(detail.chunkCount, chunks.length) : chunks.length;
    if (this.pendingSeek !== null) this.pendingSeek = this.clamp(this.pendingSeek);
    this.currentMs.value = this.pendingSeek ?? 0;

    const schedule = (this.schedule = new ChunkSchedule(chunks, undefined, !detail.moreChunks));
    if (detail.live) this.goLiveFrom(detail);
    this.loadOptions = {
        schedule,
        signal: abort,
        fetchChunk: (seq, s) => {
          // The early chunk 0 serves the first attempt only; a retry asks again.
          const early = seq === 0 ? firstChunk : null;
          firstChunk = null;
          return early ?? api.chunk(this.replayId, seq, detail.projectId, s);
        },
        fetchList: (after, s) => api.chunkList(this.replayId, detail.projectId, after, s),
        onList: () => this.listed(),
        onChunk: (events) => this.receive(events),
      };
    await this.load();
  }

  /** Downloads what the schedule lists and has not released; again after live notices add more. */
  private load(): Promise<void> {
    if (this.loading) return this.loading;
    const run = async () => {
      try {
        await loadChunks(this.loadOptions!);
      } catch (error) {
        if (this.controller.signal.aborted) return;
        // What has arrived stays watchable; the error shows when playback or a seek reaches the gap.
        this.loadError = error;
        if (!this.replayer || this.state.value === 'loading') this.failLoading();
        return;
      } finally {
        this.loading = null;
      }
      // A notice that joined while the last download finished.
      if (!this.schedule!.done && !this.controller.signal.aborted) await this.load();
    };
    return (this.loading = run());
  }

  /** "Go live": back to the end, playing, and following it. */
  goLive(): void {
    if (!this.live.value) return;
    this.seek(this.totalMs.value);
    this.following.value = true;
    this.play();
  }

  // ---- live ----

  /** Subscribes to new chunks; following waits for goLive(). */
  private goLiveFrom(detail: ReplayDetail): void {
    this.live.value = true;
    const source = (this.liveSource = new EventSource(api.liveUrl(this.replayId, detail.projectId)));
    // Once subscribed (again, after a reconnect), chunks stored before the subscription are listed.
    source.addEventListener('ready', () => {
      this.subscribed.value = true;
      void this.catchUp(detail.projectId);
    });
    source.addEventListener('chunk', (event) => this.heard([JSON.parse((event as MessageEvent<string>).data) as ReplayChunkInfo]));
    source.addEventListener('end', () => this.liveEnded());
    // A refusal (the replay stopped, too many streams open) closes it for good; a dropped connection retries.
    source.addEventListener('error', () => source.readyState === EventSource.CLOSED && this.liveEnded());
  }

  private async catchUp(projectId: number): Promise<void> {
    const schedule = this.schedule;
    if (!schedule || !schedule.listed) return; // the paging in progress lists them
    try {
      const page = await api.chunkList(this.replayId, projectId, schedule.chunks.at(-1)?.seq ?? -1, this.controller.signal);
      this.heard(page.chunks);
    } catch {
      // The next notice, or the next reconnect, lists them.
    }
  }

  private heard(chunks: ReplayChunkInfo[]): void {
    const schedule = this.schedule;
    if (!schedule || this.controller.signal.aborted) return;
    if (!schedule.listed) {
      this.heldNotices.push(...chunks);
      return;
    }
    const before = schedule.total;
    schedule.append(chunks, true);
    if (schedule.total === before) return; // a batch sent again under a seq already listed
    this.totalChunks.value = schedule.total;
    const end = schedule.chunks.at(-1)!.lastTimestamp - this.origin;
    if (end > this.totalMs.value) this.totalMs.value = end;
    void this.load();
  }

  private liveEnded(): void {
    this.liveSource?.close();
    this.liveSource = null;
    this.live.value = false;
    this.following.value = false;
    // Playback waiting at the end for a chunk that will not come has ended.
    if (this.state.value === 'loading' && this.bufferingAt !== null && this.schedule?.done) {
      this.bufferingAt = null;
      this.currentMs.value = this.totalMs.value;
      this.wantsPlay.value = false;
      this.state.value = 'ended';
    }
  }

  togglePlay(): void {
    if (this.wantsPlay.value && this.state.value !== 'ended') this.pause();
    else this.play();
  }

  play(): void {
    this.wantsPlay.value = true;
    const state = this.state.value;
    if (state === 'ended') this.seek(0);
    else if (state === 'paused') this.playFrom(this.currentMs.value);
    // While loading, the intent is kept and applied once the replay can play.
  }

  pause(): void {
    this.wantsPlay.value = false;
    this.following.value = false;
    if (this.state.value === 'playing') {
      this.replayer?.pause();
      this.currentMs.value = this.now();
      this.state.value = 'paused';
    } else if (this.state.value === 'loading' && this.bufferingAt !== null) {
      this.currentMs.value = this.bufferingAt;
      this.bufferingAt = null;
      this.state.value = 'paused';
    }
  }

  /** Moves to `ms` from the start, keeping play or pause; waits for the chunks that cover it. */
  seek(ms: number): void {
    if (this.state.value === 'error') return;
    if (!this.schedule) {
      // Before the detail has arrived there is no length to clamp to; start() clamps it.
      this.pendingSeek = Math.max(0, Math.round(ms));
      return;
    }
    const target = this.clamp(ms);
    // Within a second of the end keeps following; anywhere earlier is looking back.
    this.following.value = this.live.value && target >= this.totalMs.value - 1_000;
    this.currentMs.value = target;
    this.bufferingAt = null;
    this.pendingSeek = target;
    this.landedAt = target;
    this.applyPendingSeek();
  }

  setSpeed(speed: Speed): void {
    this.speed.value = speed;
    this.replayer?.setConfig({ speed });
  }

  setSkipInactive(on: boolean): void {
    this.skipInactive.value = on;
  }

  destroy(): void {
    this.controller.abort();
    this.liveSource?.close();
    cancelAnimationFrame(this.raf);
    try {
      this.replayer?.destroy();
    } catch {
      // Already detached with its container; nothing is left to release.
    }
    this.replayer = null;
  }

  // ---- loading ----

  /** More of a long replay's chunk list has arrived: the counts, and the length if it grew meanwhile. */
  private listed(): void {
    const schedule = this.schedule!;
    if (schedule.listed && this.heldNotices.length) {
      const held = this.heldNotices.splice(0);
      queueMicrotask(() => this.heard(held));
    }
    if (schedule.listed) this.totalChunks.value = schedule.total;
    else this.totalChunks.value = Math.max(this.totalChunks.value, schedule.total);
    const end = schedule.chunks.at(-1)!.lastTimestamp - this.origin;
    if (end > this.totalMs.value) this.totalMs.value = end;
    this.loadedMs.value = this.clamp(schedule.loadedUntil() - this.origin);
  }

  private receive(chunk: RecordedEvent[]): void {
    const events = chunk
      .filter((e) => e && typeof e.type === 'number' && typeof e.timestamp === 'number')
      .sort((a, b) => a.timestamp - b.timestamp);
    const schedule = this.schedule!;
    this.tracker.add(events);
    const logged = this.devtools.add(events, this.origin);
    if (this.page.add(events, this.origin) || logged) this.devtoolsVersion.value++;
    this.inactive.value = this.tracker.periods.map(([s, e]) => [s - this.origin, e - this.origin] as const);
    if (events.length) this.lastEventMs = Math.max(this.lastEventMs, events[events.length - 1].timestamp - this.origin);
    this.loadedChunks.value = schedule.released;
    this.loadedMs.value = this.clamp(schedule.loadedUntil() - this.origin);

    if (!this.replayer) {
      this.early.push(...events);
      // rrweb needs two events to build a player; a first chunk with one waits for the next.
      if (this.early.length < 2 && !schedule.done) return;
      if (this.early.length < 2) return this.fail(null, 'This replay has too few events to play.');
      this.createReplayer(this.early.splice(0));
      this.applyPendingSeek();
      return;
    }

    for (const event of events) this.replayer.addEvent(event as unknown as Parameters<Replayer['addEvent']>[0]);
    // addEvent() hands each event to rrweb in a microtask; continue after those have run. Chunks that
    // finish together are released together, so the schedule already counts the next chunk while its
    // events still wait in the queue: only the last hand-off may land a seek. Landing earlier would make
    // rrweb cast the late events as already past, into a virtual DOM that is never flushed to the page.
    this.handOffs++;
    queueMicrotask(() => {
      if (--this.handOffs > 0) return;
      if (this.pendingSeek !== null) this.applyPendingSeek();
      else if (this.bufferingAt !== null && this.wantsPlay.value) this.resumeAfterBuffering();
    });
  }

  private createReplayer(events: RecordedEvent[]): void {
    const replayer = this.createReplayerFn!(this.root!, events, this.speed.value);
    replayer.on('resize', (dimension) => {
      const { width, height } = dimension as Viewport;
      if (width > 0 && height > 0) this.viewport.value = { width, height };
    });
    replayer.on('finish', () => this.onFinish());
    replayer.on('fullsnapshot-rebuilded', () => (this.firstFrameBuilt.value = true));
    // A replay whose first chunk has no full snapshot never rebuilds one; its details still show.
    setTimeout(() => (this.firstFrameBuilt.value = true), 1_000);
    this.replayer = replayer;
    this.replayerReady.value = true;
  }

  // ---- playback ----

  private applyPendingSeek(): void {
    const target = this.pendingSeek;
    if (target === null || !this.replayer || !this.schedule) return;
    if (!this.schedule.covers(this.origin + target)) {
      if (this.state.value === 'playing') this.replayer.pause();
      this.state.value = 'loading';
      if (this.loadError !== null) this.failLoading();
      return;
    }
    this.pendingSeek = null;
    if (this.wantsPlay.value) {
      this.playFrom(target);
    } else {
      this.replayer.pause(this.toReplayer(target));
      this.currentMs.value = target;
      this.state.value = 'paused';
    }
  }

  private playFrom(ms: number): void {
    if (!this.replayer) return;
    this.replayer.play(this.toReplayer(ms));
    this.currentMs.value = ms;
    this.state.value = 'playing';
    if (!this.raf) this.raf = requestAnimationFrame(this.tick);
  }

  private resumeAfterBuffering(): void {
    const at = this.bufferingAt!;
    this.bufferingAt = null;
    this.playFrom(at);
  }

  /**
   * rrweb says it has played its last event. That is the end when every chunk is in; otherwise playback
   * has caught up with the download and waits for it.
   */
  private onFinish(): void {
    if (this.state.value !== 'playing' || !this.replayer) return;
    const at = this.now();
    // Following a live replay, its end is only the latest chunk so far: wait there for the next.
    if (!this.schedule?.done || (this.live.value && this.following.value)) {
      this.bufferingAt = at;
      this.currentMs.value = at;
      this.state.value = 'loading';
      if (this.loadError !== null) this.failLoading();
      return;
    }
    // rrweb reports the end 50 ms late; a seek back in that window would otherwise stop playback.
    if (at < this.lastEventMs - 250) return this.playFrom(at);
    this.currentMs.value = this.totalMs.value;
    this.wantsPlay.value = false;
    this.state.value = 'ended';
  }

  /** Runs every frame while playing: keeps currentMs (and data-current-ms) with rrweb's clock, and skips. */
  private readonly tick = () => {
    this.raf = 0;
    if (this.state.value !== 'playing' || !this.replayer || this.controller.signal.aborted) return;
    this.raf = requestAnimationFrame(this.tick);
    const at = this.now();
    if (this.skipInactive.value) {
      const period = this.periodAt(at);
      const landedHere = period !== null && this.landedAt !== null && this.landedAt >= period[0] && this.landedAt < period[1];
      if (period && !landedHere) {
        this.landedAt = null;
        cancelAnimationFrame(this.raf);
        this.raf = 0;
        return this.playFrom(period[1]);
      }
      if (!period) this.landedAt = null;
    }
    if (Math.abs(at - this.currentMs.value) >= 1) this.currentMs.value = at;
  };

  private periodAt(ms: number): Period | null {
    return this.inactive.value.find(([start, end]) => ms >= start && ms < end) ?? null;
  }

  // ---- time ----

  /** ms from the replay's start, as rrweb's clock reads it now. */
  private now(): number {
    if (!this.replayer) return this.currentMs.value;
    return this.clamp(Math.round(this.replayer.getCurrentTime() + this.replayerZero()));
  }

  /** rrweb counts from its earliest event, which can sit after the replay's recorded start. */
  private replayerZero(): number {
    return this.replayer ? this.replayer.getMetaData().startTime - this.origin : 0;
  }

  private toReplayer(ms: number): number {
    return Math.max(0, ms - this.replayerZero());
  }

  private clamp(ms: number): number {
    return Math.min(Math.max(0, Math.round(ms)), this.totalMs.value);
  }

  private failLoading(): void {
    this.fail(this.loadError, 'Part of this replay could not be loaded.');
  }

  private fail(error: unknown, fallback: string): void {
    if (this.controller.signal.aborted) return;
    if (error instanceof ApiError && error.status === 401) return; // already on the way to the login page
    this.error.value = error instanceof ApiError ? describe(error) : fallback;
    this.state.value = 'error';
    this.firstFrameBuilt.value = true;
    this.replayer?.pause();
  }
}

function describe(error: ApiError): string {
  if (error.status === 404) return 'This replay does not exist, or it has expired.';
  if (error.status === 403) return 'You are not a member of the project this replay belongs to.';
  return error.message;
}

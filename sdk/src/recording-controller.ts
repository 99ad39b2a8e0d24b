// Session replay as the core sees it. At page load: applies the project's remote settings, then decides
// whether this tab's replay continues (replay-registry.ts), a new one starts (sampling, or the tab asked
// for it with start_session_recording()), or nothing is recorded (manual mode, paused capture, strict
// settings unavailable). Then carries out start/pause/resume/stop and answers which replay events belong
// to. Commands given before that decision wait for it.
//
// An opted-out visitor (Do Not Track included) gets none of it: no request for remote settings, no
// recorder bundle, no replay; what an earlier page left waiting in IndexedDB or the page-hide stash is
// deleted unsent, at page load and whenever the visitor opts out, in this tab or another.
import { normalize, type Config } from './config';
import { openDb } from './idb';
import { uuid } from './ids';
import type { Logger } from './log';
import type { Recorder, RecorderHost, RecorderIdentity } from './recorder-api';
import { loadRecorder } from './recorder-loader';
import { forcedKey, samplingKey, stashKey } from './recording-keys';
import { transition, type RecordingCommand, type RecordingState } from './recording-state';
import { fetchRemoteSettings, resolveRemote } from './remote-settings';
import { isExpired, replayKey, ReplayRegistry, type ReplayRecord } from './replay-registry';
import { isSampled } from './sampling';
import { readJson, sessionStore, writeJson, type KeyValueStore } from './storage';
import { TabId } from './tab-id';

export interface ControllerHost {
  config: Config;
  track: RecorderHost['track'];
  identity(): RecorderIdentity;
  /** False while the visitor is opted out or sends Do Not Track: nothing is recorded, loaded or requested. */
  allowed(): boolean;
  log: Logger;
}

/** What counts as the visitor coming back after an idle timeout. */
const ACTIVITY_EVENTS = ['mousedown', 'mousemove', 'keydown', 'scroll', 'touchstart'];

export class RecordingController {
  state: RecordingState = 'off';
  replayId: string | null = null;
  /** The page has decided whether it records (remote settings applied, registry read). */
  decided = false;
  private readonly session: KeyValueStore | null = sessionStore();
  private tab: TabId | null = null;
  private registry: ReplayRegistry | null = null;
  private recorder: Promise<Recorder | null> | null = null;
  /** The recorder once loaded, so halting happens synchronously, before the registry changes. */
  private loaded: Recorder | null = null;
  private disarm: (() => void) | null = null;
  private waiting: RecordingCommand[] = [];
  /** Strict remote settings could not be had: sampling records nothing on this page. */
  private samplingBlocked = false;
  /** /record refused a new replay because capture is paused. */
  private refusedByServer = false;
  /** Registry changes, one after another in the order they were asked for. */
  private work: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: ControllerHost) {}

  private get config(): Config {
    return this.host.config;
  }

  private supported(): boolean {
    return typeof MutationObserver !== 'undefined' && typeof fetch !== 'undefined' && !!this.session;
  }

  /** Page load. Resolves once the page knows whether it records. */
  init(): Promise<void> {
    if (!this.supported()) {
      this.decided = true;
      return Promise.resolve();
    }
    const tab = (this.tab = new TabId(this.session, this.config.name, this.config.token));
    addEventListener('pagehide', () => tab.release());
    // beforeunload comes earlier than pagehide in a navigation; the next page must find the mark gone.
    addEventListener('beforeunload', () => tab.release());
    addEventListener('pageshow', (event) => {
      // Back/forward cache restore: other pages of the tab may have moved the replay on meanwhile.
      if ((event as PageTransitionEvent).persisted) this.resync();
    });
    return this.prepare()
      .catch((error) => this.host.log.error('Recording setup failed', error))
      .then(() => {
        this.decided = true;
        for (const command of this.waiting.splice(0)) this.command(command);
      });
  }

  private async prepare(): Promise<void> {
    // Calls made right after init() come first: the snippet's queue, or a site's own consent check that
    // opts the visitor out at once.
    await Promise.resolve();
    // Opted out, even GET /settings would reach the server.
    if (this.host.allowed()) await this.applyRemoteSettings();
    this.registry = new ReplayRegistry(await openDb(), this.config.name, this.config.token);
    await this.decideOrForget();
  }

  /** Asked again after every wait: the visitor may have opted out meanwhile. */
  private decideOrForget(): Promise<void> {
    return this.host.allowed() ? this.decide() : this.forget();
  }

  /**
   * Deletes, unsent, every replay of this instance that waits in the browser (this tab's and those other
   * tabs left behind, their batches included) and the batches an earlier page stashed at page hide. A
   * start_session_recording() given before the opt-out no longer holds either.
   */
  private forget(): Promise<void> {
    this.session?.remove(stashKey(this.config.name, this.config.token));
    this.session?.remove(forcedKey(this.config.name, this.config.token));
    const registry = this.registry;
    // Without the registry yet, prepare() will find the visitor opted out and come here again.
    return registry ? (this.queue(() => registry.forgetAll()) as Promise<void>) : Promise.resolve();
  }

  /**
   * The visitor opted out (here, or in another tab and the recorder noticed): the replay ends at once,
   * the recorder stops and drops what it holds, and everything waiting is deleted.
   */
  discard(): void {
    this.disarm?.();
    this.state = 'off';
    this.replayId = null;
    this.loaded?.discard();
    void this.forget().catch(() => undefined);
  }

  private async applyRemoteSettings(): Promise<void> {
    const mode = this.config.remote_settings_mode;
    if (mode === 'disabled') return;
    const known = await fetchRemoteSettings(this.config.api_host, this.config.token, this.config.remote_settings_timeout_ms);
    const { apply, blocked } = resolveRemote(mode, known);
    Object.assign(this.config, apply);
    normalize(this.config);
    this.samplingBlocked = blocked;
    if (blocked) this.host.log.log('Strict remote settings unavailable or empty: no sampling on this page');
    else if (!known) this.host.log.log('Remote settings unavailable: keeping the local config');
  }

  private async decide(): Promise<void> {
    const registry = this.registry!;
    const tabId = this.tab!.id;
    const now = Date.now();
    const entry = await registry.current(tabId);
    if (entry && !this.expired(entry, now)) {
      // A replay in progress continues, whatever sampling, manual mode or paused capture say now.
      this.replayId = entry.replay_id;
      this.state = entry.paused ? 'paused' : 'recording';
      if (this.state === 'recording') {
        await registry.update(entry.key, { last_activity: now, seen: now });
        this.attach();
      }
    } else {
      // An expired replay ends here; its batches are still delivered.
      if (entry) await registry.end(entry.key);
      if (this.wantsNewReplay()) this.begin();
    }
    if (this.state !== 'recording' && (await registry.hasDeliveries(tabId, now, this.config.record_idle_timeout_ms, this.config.record_max_ms))) {
      void this.loadRecorder().then((recorder) => recorder?.deliver());
    }
  }

  /** Whether this tab should be recording now: it asked to (start_session_recording), or sampling says so. */
  private wantsNewReplay(): boolean {
    if (this.forced()) return this.mayStart();
    if (this.config.record_manually) {
      this.host.log.log('Recording starts manually (record_manually): waiting for start_session_recording()');
      return false;
    }
    if (this.samplingBlocked || !this.sampled()) return false;
    return this.mayStart();
  }

  /** Paused capture (remote settings, or /record refusing a new replay) stops every new replay. */
  private mayStart(): boolean {
    if (this.config.capture_status === 'paused' || this.refusedByServer) {
      this.host.log.log('Capture is paused for this project: no new replay starts');
      return false;
    }
    return true;
  }

  private forced(): boolean {
    return !!this.tab && readJson<string>(this.session, forcedKey(this.config.name, this.config.token)) === this.tab.id;
  }

  private sampled(): boolean {
    return isSampled(this.session, samplingKey(this.config.name, this.config.token), this.config.record_sessions_percent, this.tab?.id);
  }

  private expired(entry: ReplayRecord, now: number): boolean {
    return isExpired(entry, now, this.config.record_idle_timeout_ms, this.config.record_max_ms);
  }

  private resync(): void {
    this.tab?.claim();
    this.loaded?.halt(false);
    this.state = 'off';
    this.replayId = null;
    if (this.registry) void this.queue(() => this.decideOrForget());
  }

  private queue(task: () => Promise<unknown>): Promise<unknown> {
    const next = this.work.then(task);
    this.work = next.catch((error) => this.host.log.error('Could not update the replay registry', error));
    return next;
  }

  command(command: RecordingCommand): void {
    if (!this.supported()) return;
    // Opted out, nothing starts again: not sampling, not start_session_recording() in manual mode.
    if (!this.host.allowed() && (command === 'start' || command === 'resume')) return;
    if (!this.decided) {
      this.waiting.push(command);
      return;
    }
    if (command === 'stop') {
      // A stop also cancels a new replay waiting for the visitor's return after an idle timeout.
      this.disarm?.();
      this.session?.remove(forcedKey(this.config.name, this.config.token));
    }
    const { state, effect } = transition(this.state, command);
    if (!effect) return;
    switch (effect) {
      case 'begin':
        if (!this.mayStart()) return;
        // Records the rest of the tab session: later pages, and new replays after an idle timeout.
        writeJson(this.session, forcedKey(this.config.name, this.config.token), this.tab!.id);
        this.begin();
        return;
      case 'continue':
        this.resume();
        return;
      case 'halt':
        this.state = state;
        this.update({ paused: true });
        this.loaded?.halt(false);
        return;
      case 'end':
        this.end();
        return;
    }
  }

  private resume(): void {
    const replayId = this.replayId!;
    this.state = 'recording';
    void this.queue(async () => {
      const entry = await this.registry!.get(replayKey(this.config.name, this.config.token, replayId));
      if (this.replayId !== replayId || this.state !== 'recording') return;
      if (!entry || !entry.live || this.expired(entry, Date.now())) {
        // Paused for longer than a replay may idle: what follows is a new replay.
        this.end();
        if (this.mayStart()) this.begin();
        return;
      }
      await this.registry!.update(entry.key, { paused: false, last_activity: Date.now() });
      this.attach();
    });
  }

  private update(change: Partial<ReplayRecord>): void {
    const replayId = this.replayId;
    if (replayId) void this.queue(() => this.registry!.update(replayKey(this.config.name, this.config.token, replayId), change));
  }

  /** After reset(): the next visitor on this device gets their own replay, if the tab is sampled. */
  startIfSampled(): void {
    if (this.decided && this.state === 'off' && this.supported() && this.wantsNewReplay()) this.begin();
  }

  private begin(): void {
    this.disarm?.();
    if (!this.host.allowed()) return;
    // The id is known at once, so events tracked from here on carry it while the registry is written.
    const replayId = uuid();
    this.replayId = replayId;
    this.state = 'recording';
    this.host.track('$mp_session_record');
    const tabId = this.tab!.id;
    const now = Date.now();
    const url = location.href;
    void this.queue(() => this.registry!.create(tabId, now, url, replayId)).then(() => this.attach(), () => undefined);
  }

  private end(): void {
    this.disarm?.();
    if (this.state === 'off' || !this.replayId) return;
    const key = replayKey(this.config.name, this.config.token, this.replayId);
    this.state = 'off';
    this.replayId = null;
    // The recorder seals its last batch into the queue before the replay is marked ended.
    const halted = this.loaded ? this.loaded.halt(true) : Promise.resolve();
    void this.queue(async () => {
      await halted;
      await this.registry!.end(key);
    });
  }

  /** Makes the recorder collect into the current replay once it has loaded. */
  private attach(): void {
    const replayId = this.replayId;
    if (!replayId) return;
    void this.loadRecorder().then((recorder) => {
      if (recorder && this.state === 'recording' && this.replayId === replayId) recorder.start(replayId);
    });
  }

  private loadRecorder(): Promise<Recorder | null> {
    if (!this.host.allowed()) {
      // Opted out in another tab since this page decided: loading the bundle would itself be a request.
      this.discard();
      return Promise.resolve(null);
    }
    if (!this.recorder) {
      const src = this.config.recorder_src || `${this.config.api_host}/sdk/hindsight-recorder.js`;
      const host: RecorderHost = {
        config: this.config,
        recorderSrc: src,
        tabId: this.tab!.id,
        db: this.registry!.db,
        identity: () => this.host.identity(),
        track: this.host.track,
        expired: (reason) => this.onExpired(reason),
        refused: (replayId) => this.onRefused(replayId),
        allowed: () => this.host.allowed(),
        optedOut: () => this.discard(),
        log: this.host.log,
      };
      this.recorder = loadRecorder(src).then(
        (module) => (this.loaded = module.create(host)),
        (error) => {
          this.host.log.error(error);
          this.recorder = null;
          // Without a recorder there is no replay; events must not claim one.
          if (this.state !== 'off') this.end();
          return null;
        },
      );
    }
    return this.recorder;
  }

  private onExpired(reason: 'idle' | 'max'): void {
    if (this.state !== 'recording') return;
    this.end();
    if (reason === 'max') {
      if (this.mayStart()) this.begin();
      return;
    }
    // After an idle timeout the next replay starts when the visitor comes back, not in an empty tab.
    const again = () => {
      this.disarm?.();
      if (this.state === 'off' && this.mayStart()) this.begin();
    };
    for (const type of ACTIVITY_EVENTS) addEventListener(type, again, { capture: true, passive: true });
    this.disarm = () => {
      for (const type of ACTIVITY_EVENTS) removeEventListener(type, again, { capture: true });
      this.disarm = null;
    };
  }

  /** /record answered 403 capture_paused: the replay stops quietly and no new one starts on this page. */
  private onRefused(replayId: string): void {
    this.refusedByServer = true;
    if (this.replayId === replayId) this.end();
  }

  properties(): Record<string, string> {
    return this.state === 'recording' && this.replayId ? { $mp_replay_id: this.replayId } : {};
  }

  replayUrl(): string | null {
    if (this.state !== 'recording' || !this.replayId) return null;
    // mixpanel-browser's shape: the SDK knows its project's token, not its id, and the server finds the
    // project, so a link pasted into a ticket opens in that project whatever the reader's current one.
    const params = new URLSearchParams({ replay_id: this.replayId, distinct_id: this.host.identity().distinct_id, token: this.config.token });
    return `${this.config.dashboard_host}/projects/replay-redirect?${params}`;
  }
}

// Session replay as the core sees it: decides at page load whether this tab's replay continues, starts
// (sampling) or stays off; carries out start/pause/resume/stop; answers which replay events belong to.
// The replay id is known here synchronously, so events tracked while the recorder bundle is still
// loading already carry $mp_replay_id.
import type { Config } from './config';
import type { Logger } from './log';
import type { Recorder, RecorderHost, RecorderIdentity } from './recorder-api';
import { loadRecorder } from './recorder-loader';
import { stashKey, samplingKey } from './recording-keys';
import { transition, type RecordingCommand, type RecordingState } from './recording-state';
import { isExpired, ReplayRegistry, type ReplayEntry } from './replay-registry';
import { isSampled } from './sampling';
import { sessionStore, type KeyValueStore } from './storage';

export interface ControllerHost {
  config: Config;
  track(event: string, properties?: Record<string, unknown>): void;
  identity(): RecorderIdentity;
  /** False while the visitor is opted out or sends Do Not Track: nothing is recorded or loaded. */
  allowed(): boolean;
  log: Logger;
}

/** What counts as the visitor coming back after an idle timeout. */
const ACTIVITY_EVENTS = ['mousedown', 'mousemove', 'keydown', 'scroll', 'touchstart'];

export class RecordingController {
  state: RecordingState = 'off';
  replayId: string | null = null;
  private readonly session: KeyValueStore | null = sessionStore();
  private readonly registry: ReplayRegistry;
  private recorder: Promise<Recorder | null> | null = null;
  /** The recorder once loaded, so halting happens synchronously, before the registry changes. */
  private loaded: Recorder | null = null;
  private disarm: (() => void) | null = null;

  constructor(private readonly host: ControllerHost) {
    this.registry = new ReplayRegistry(this.session, host.config.name, host.config.token);
  }

  private get config(): Config {
    return this.host.config;
  }

  private supported(): boolean {
    return typeof MutationObserver !== 'undefined' && typeof fetch !== 'undefined' && !!this.session;
  }

  /** Page load: pick up this tab's replay, or start one when the tab is sampled. */
  init(): void {
    if (!this.supported()) return;
    const release = () => this.registry.releasePage();
    addEventListener('pagehide', release);
    // beforeunload comes earlier than pagehide in a navigation; the next page must find the mark gone.
    addEventListener('beforeunload', release);
    addEventListener('pageshow', (event) => {
      // Back/forward cache restore: other pages of the tab may have moved the replay on meanwhile.
      if ((event as PageTransitionEvent).persisted) this.resync();
    });
    this.decideForPage();
  }

  /** Claims the page for the tab's replay and decides it; opted out, not even the recorder bundle is loaded. */
  private decideForPage(): void {
    const ownsTab = this.registry.claimPage();
    if (this.host.allowed()) this.decide(ownsTab);
    else this.forget();
  }

  /** Forgets this tab's replay and the batches an earlier page stashed for sending, sending nothing. */
  private forget(): void {
    this.registry.clear();
    this.session?.remove(stashKey(this.config.name, this.config.token));
  }

  /** The visitor opted out: the replay ends here and nothing collected but unsent leaves the page. */
  discard(): void {
    this.disarm?.();
    this.state = 'off';
    this.replayId = null;
    this.loaded?.discard();
    this.forget();
  }

  private decide(ownsTab: boolean): void {
    // A copy of a live tab's storage (duplicated tab, window.open) holds that tab's replay, not ours;
    // left in place, this tab's next reload would write into it.
    if (!ownsTab) this.registry.clear();
    const entry = this.registry.read();
    const now = Date.now();
    if (entry && !this.expired(entry, now)) {
      this.replayId = entry.replay_id;
      this.state = entry.paused ? 'paused' : 'recording';
      if (this.state === 'recording') {
        this.registry.update(entry.replay_id, { last_activity: now });
        this.attach();
      }
    } else if ((entry && !entry.paused) || this.sampled()) {
      // An expired replay that was recording continues as a new replay: the page load is activity.
      this.begin();
    } else if (entry) {
      this.registry.clear();
    }
    // Batches an earlier page stashed at page hide still need sending, recording or not.
    if (this.state !== 'recording' && this.session?.get(stashKey(this.config.name, this.config.token))) void this.loadRecorder();
  }

  private resync(): void {
    this.loaded?.halt(false);
    this.state = 'off';
    this.replayId = null;
    this.decideForPage();
  }

  private expired(entry: ReplayEntry, now: number): boolean {
    return isExpired(entry, now, this.config.record_idle_timeout_ms, this.config.record_max_ms);
  }

  private sampled(): boolean {
    return isSampled(this.session, samplingKey(this.config.name, this.config.token), this.config.record_sessions_percent);
  }

  command(command: RecordingCommand): void {
    if (!this.supported()) return;
    if (!this.host.allowed() && (command === 'start' || command === 'resume')) return;
    // A stop also cancels a new replay waiting for the visitor's return after an idle timeout.
    if (command === 'stop') this.disarm?.();
    const { state, effect } = transition(this.state, command);
    if (!effect) return;
    switch (effect) {
      case 'begin':
        this.begin();
        return;
      case 'continue': {
        const entry = this.replayId ? this.registry.read() : null;
        if (!entry || entry.replay_id !== this.replayId || this.expired(entry, Date.now())) {
          // Paused for longer than a replay may idle: what follows is a new replay.
          this.end();
          this.begin();
          return;
        }
        this.state = state;
        this.registry.update(entry.replay_id, { paused: false, last_activity: Date.now() });
        this.attach();
        return;
      }
      case 'halt':
        this.state = state;
        if (this.replayId) this.registry.update(this.replayId, { paused: true });
        this.loaded?.halt(false);
        return;
      case 'end':
        this.end();
        return;
    }
  }

  /** After reset(): the next visitor on this device gets their own replay, if the tab is sampled. */
  startIfSampled(): void {
    if (this.state === 'off' && this.supported() && this.sampled()) this.begin();
  }

  private begin(): void {
    this.disarm?.();
    if (!this.host.allowed()) return;
    const entry = this.registry.create(Date.now(), location.href);
    this.replayId = entry.replay_id;
    this.state = 'recording';
    this.host.track('$mp_session_record');
    this.attach();
  }

  private end(): void {
    this.disarm?.();
    if (this.state === 'off') return;
    this.state = 'off';
    this.replayId = null;
    // Halting first lets the recorder seal its last batch with the replay's next seq before the entry goes.
    this.loaded?.halt(true);
    this.registry.clear();
  }

  /** Makes the recorder collect into the current replay once it has loaded. */
  private attach(): void {
    const replayId = this.replayId!;
    void this.loadRecorder().then((recorder) => {
      if (recorder && this.state === 'recording' && this.replayId === replayId) recorder.start(replayId);
    });
  }

  private loadRecorder(): Promise<Recorder | null> {
    if (!this.recorder) {
      const src = this.config.recorder_src || `${this.config.api_host}/sdk/hindsight-recorder.js`;
      const host: RecorderHost = {
        config: this.config,
        identity: () => this.host.identity(),
        expired: (reason) => this.onExpired(reason),
        allowed: () => this.host.allowed(),
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
      this.begin();
      return;
    }
    // After an idle timeout the next replay starts when the visitor comes back, not in an empty tab.
    const again = () => {
      this.disarm?.();
      if (this.state === 'off') this.begin();
    };
    for (const type of ACTIVITY_EVENTS) addEventListener(type, again, { capture: true, passive: true });
    this.disarm = () => {
      for (const type of ACTIVITY_EVENTS) removeEventListener(type, again, { capture: true });
      this.disarm = null;
    };
  }

  properties(): Record<string, string> {
    return this.state === 'recording' && this.replayId ? { $mp_replay_id: this.replayId } : {};
  }

  replayUrl(): string | null {
    return this.state === 'recording' && this.replayId ? `${this.config.dashboard_host}/replays/${this.replayId}` : null;
  }
}

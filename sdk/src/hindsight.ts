// The public object: `hindsight` on the page, the default export of the ESM build. Method names, argument
// orders and return values are mixpanel-browser's, so a site's existing calls keep working.
import { normalize, PRIMARY_NAME, resolveConfig, type Config, type UserConfig } from './config';
import { Consent, type ConsentOptions } from './consent';
import { eventDefaults } from './device-info';
import { truncateStrings } from './encoding';
import { EventQueue } from './event-queue';
import { alias, distinctId, ensureIdentity, identify, resetIdentity } from './identity';
import { createLogger, type Logger } from './log';
import { People, type Callback } from './people';
import { PEOPLE_QUEUE_KEY, Persistence, type Props } from './persistence';
import type { RecorderIdentity } from './recorder-api';
import { RecordingController } from './recording-controller';
import { announceReady } from './ready-hook';
import { invoke, type QueuedCall } from './snippet-queue';
import { localStore } from './storage';
import { beacon, endpointUrl, postForm } from './transport';

export interface TrackOptions {
  /** 'sendBeacon' sends this event at once with navigator.sendBeacon, for a page about to unload. */
  transport?: 'xhr' | 'sendBeacon';
  /** Sends the queue now instead of at the next flush. */
  send_immediately?: boolean;
}

interface RegisterOptions {
  /** false keeps the properties for this page only. */
  persistent?: boolean;
}

export interface OptOutOptions extends ConsentOptions {
  /** false keeps the identity and super properties stored (default: deleted, and nothing stored while opted out). */
  clear_persistence?: boolean;
}

export interface OptInOptions extends ConsentOptions {
  /** false keeps storing nothing (default: the SDK stores the identity again). */
  enable_persistence?: boolean;
  /** The event that records the opt-in: '$opt_in' unless named. */
  track_event_name?: string;
  track_properties?: Props;
}

/** Parked profile updates are capped so that a never-identified visitor cannot grow them forever. */
const MAX_HELD_PEOPLE_UPDATES = 50;

/** Fields an instance name must not overwrite (some exist only after init). */
const INTERNAL_FIELDS = [
  'config', 'people', 'persistence', 'consent', 'events', 'engage', 'recording', 'unpersisted', 'identified', 'beforeReady', 'log',
  'scriptOrigin',
];

function isPersistent(options: unknown): boolean {
  return !(options && typeof options === 'object' && (options as RegisterOptions).persistent === false);
}

export class Hindsight {
  /** Tells a loaded instance from the snippet's stub (and a second copy of the script). */
  readonly __hindsight = true;
  __loaded = false;
  config!: Config;
  people: People;
  private persistence!: Persistence;
  private consent!: Consent;
  private events!: EventQueue;
  private engage!: EventQueue;
  private recording!: RecordingController;
  private unpersisted: Props = {};
  /** identify() was called on this page. */
  private identified = false;
  /** Events tracked before the recording decision: they get $mp_replay_id once it is known. */
  private beforeReady: string[] = [];
  private readonly log: Logger = createLogger(() => !!this.config?.debug);

  /** `scriptOrigin`: where the SDK was loaded from, the default api_host. */
  constructor(private readonly scriptOrigin?: string) {
    this.people = new People({
      ready: () => this.__loaded,
      allowed: () => this.allowed(),
      token: () => this.config.token,
      identity: () => ({
        distinct_id: this.get_distinct_id(),
        $device_id: this.persistence.get('$device_id'),
        $user_id: this.persistence.get('$user_id'),
        $had_persisted_distinct_id: this.persistence.get('$had_persisted_distinct_id'),
      }),
      isIdentified: () => this.identified || !!this.persistence.get('$user_id'),
      hold: (update) => {
        const held = this.persistence.get(PEOPLE_QUEUE_KEY);
        const list = Array.isArray(held) ? held : [];
        list.push(update);
        this.persistence.register({ [PEOPLE_QUEUE_KEY]: list.slice(-MAX_HELD_PEOPLE_UPDATES) });
      },
      send: (message, callback) => {
        this.engage.enqueue(message);
        if (typeof callback === 'function') queueMicrotask(() => callback(1, message));
      },
    });
  }

  /**
   * init(token, config) sets up this instance. init(token, config, name) creates a second instance,
   * reachable as hindsight[name], reporting to its own project.
   */
  init(token: string, config?: UserConfig, name?: string): Hindsight | undefined {
    if (name && name !== PRIMARY_NAME) {
      const self = this as unknown as Record<string, unknown>;
      const existing = self[name] as Hindsight | undefined;
      if (existing?.__hindsight) return existing;
      if (name in this || INTERNAL_FIELDS.indexOf(name) >= 0) {
        this.log.error(`"${name}" cannot name an instance: it is a method`);
        return undefined;
      }
      const instance = new Hindsight(this.scriptOrigin);
      instance.setup(token, config, name);
      self[name] = instance;
      return instance;
    }
    if (this.__loaded) {
      this.log.error('hindsight is already initialized');
      return this;
    }
    this.setup(token, config, PRIMARY_NAME);
    return this.__loaded ? this : undefined;
  }

  private setup(token: string, user: UserConfig | undefined, name: string): void {
    if (!token || typeof token !== 'string') {
      if (typeof console !== 'undefined') console.error('[hindsight] init needs a project token');
      return;
    }
    this.config = resolveConfig(token, name, user, this.scriptOrigin);
    this.consent = new Consent(this.config);
    const optedOutByDefault = this.consent.applyDefault();
    this.persistence = new Persistence(`hs_${token}_hindsight`, this.config.persistence);
    // An opted-out visitor (Do Not Track included) leaves nothing stored. Opting out by default keeps
    // storage on that first page unless opt_out_persistence_by_default says otherwise (mixpanel-browser).
    if (optedOutByDefault ? this.config.opt_out_persistence_by_default : !this.allowed()) this.persistence.disable();
    ensureIdentity(this.persistence);

    const store = localStore();
    const queue = (route: 'track' | 'engage') =>
      new EventQueue({
        store,
        key: `hs_${token}_queue_${route}`,
        send: (payloads) => postForm(endpointUrl(this.config.api_host, route), payloads, this.config.batch_request_timeout_ms),
        beacon: (payloads) => beacon(endpointUrl(this.config.api_host, route), payloads),
        batchSize: () => this.config.batch_size,
        intervalMs: () => this.config.batch_flush_interval_ms,
        allowed: () => this.allowed(),
        log: this.log,
      });
    this.events = queue('track');
    this.engage = queue('engage');
    this.events.start();
    this.engage.start();
    this.flushOnHide();

    this.recording = new RecordingController({
      config: this.config,
      track: (...args) => this.track(...args),
      identity: () => this.recorderIdentity(),
      allowed: () => this.allowed(),
      log: this.log,
    });
    this.__loaded = true;
    void this.recording.init().then(() => this.onReady(name));
  }

  /**
   * Remote settings are applied and the recording decision is made: events tracked meanwhile join the
   * replay, then the site's `loaded` callback and window.onHindsightReady run.
   */
  private onReady(name: string): void {
    const replay = this.recording.properties().$mp_replay_id;
    if (replay && this.beforeReady.length) {
      this.events.amend(this.beforeReady, (payload) => {
        const properties = (payload as { properties?: Props }).properties;
        if (properties && !properties.$mp_replay_id) properties.$mp_replay_id = replay;
      });
    }
    this.beforeReady = [];
    try {
      this.config.loaded(this);
    } catch (error) {
      this.log.error('The loaded callback failed', error);
    }
    if (name === PRIMARY_NAME) announceReady(this, (error) => this.log.error('onHindsightReady failed', error));
  }

  /** Page hide (tab switch, navigation, close) may be the last chance to send: beacon the queues once. */
  private flushOnHide(): void {
    let beaconed = false;
    const hide = () => {
      if (beaconed) return;
      beaconed = true;
      this.events.flushOnHide();
      this.engage.flushOnHide();
    };
    addEventListener('pagehide', hide);
    addEventListener('pageshow', () => (beaconed = false));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') hide();
      else beaconed = false;
    });
  }

  private ready(method: string): boolean {
    if (!this.__loaded) this.log.error(`${method} called before init`);
    return this.__loaded;
  }

  track(event_name: string, properties?: Props, options?: TrackOptions | Callback, callback?: Callback): Props | undefined {
    if (typeof options === 'function') {
      callback = options;
      options = undefined;
    }
    if (!this.ready('track')) return undefined;
    if (!this.allowed()) {
      if (typeof callback === 'function') callback(0);
      return undefined;
    }
    if (!event_name) {
      this.log.error('track needs an event name');
      if (typeof callback === 'function') callback(0);
      return undefined;
    }
    const data = truncateStrings({
      event: event_name,
      properties: {
        ...eventDefaults(),
        ...this.persistence.eventProperties(),
        ...this.unpersisted,
        ...this.recording.properties(),
        ...(properties && typeof properties === 'object' ? properties : {}),
        token: this.config.token,
      },
    });
    if (options?.transport === 'sendBeacon') {
      beacon(endpointUrl(this.config.api_host, 'track'), [data]);
    } else {
      const id = this.events.enqueue(data);
      if (!this.recording.decided) this.beforeReady.push(id);
      if (options?.send_immediately) void this.events.flush();
    }
    if (typeof callback === 'function') queueMicrotask(() => callback!(1, data));
    return data;
  }

  identify(new_distinct_id?: string): number | undefined {
    if (!this.ready('identify')) return undefined;
    const result = identify(this.persistence, new_distinct_id == null ? '' : String(new_distinct_id));
    if (typeof result === 'string') {
      this.log.error(result);
      return -1;
    }
    this.identified = true;
    this.sendHeldPeopleUpdates();
    if (result) this.track(result.event, result.properties);
    return undefined;
  }

  private sendHeldPeopleUpdates(): void {
    const held = this.persistence.get(PEOPLE_QUEUE_KEY);
    if (!Array.isArray(held) || !held.length) return;
    this.persistence.unregister(PEOPLE_QUEUE_KEY);
    for (const update of held) this.people.update(update as Record<string, unknown>);
  }

  alias(alias_id: string, original?: string): Props | number | undefined {
    if (!this.ready('alias')) return undefined;
    const result = alias(this.persistence, alias_id, original);
    if (typeof result === 'string') {
      this.log.error(result);
      this.identify(alias_id);
      return -1;
    }
    return this.track(result.event, result.properties, () => this.identify(alias_id));
  }

  register(props: Props, days_or_options?: number | RegisterOptions): void {
    if (!this.ready('register') || !props || typeof props !== 'object') return;
    if (isPersistent(days_or_options)) this.persistence.register(props);
    else Object.assign(this.unpersisted, props);
  }

  register_once(props: Props, default_value?: unknown, days_or_options?: number | RegisterOptions): void {
    if (!this.ready('register_once') || !props || typeof props !== 'object') return;
    const placeholder = default_value === undefined ? 'None' : default_value;
    if (isPersistent(days_or_options)) {
      this.persistence.registerOnce(props, placeholder);
      return;
    }
    for (const name of Object.keys(props)) {
      if (!(name in this.unpersisted) || this.unpersisted[name] === placeholder) this.unpersisted[name] = props[name];
    }
  }

  unregister(property: string, options?: RegisterOptions): void {
    if (!this.ready('unregister')) return;
    if (isPersistent(options)) this.persistence.unregister(property);
    else delete this.unpersisted[property];
  }

  get_distinct_id(): string {
    return this.__loaded ? distinctId(this.persistence) : '';
  }

  get_property(property_name: string): unknown {
    return this.__loaded ? this.persistence.get(property_name) : undefined;
  }

  get_config(prop_name?: string): unknown {
    return prop_name ? this.config?.[prop_name] : this.config;
  }

  /** Changes options after init; batching picks them up at its next flush. */
  set_config(config: UserConfig): void {
    if (!this.ready('set_config') || !config) return;
    Object.assign(this.config, config);
    if (config.api_host) this.config.api_host = String(config.api_host).replace(/\/+$/, '');
    if (config.dashboard_host) this.config.dashboard_host = String(config.dashboard_host).replace(/\/+$/, '');
    normalize(this.config);
  }

  /** Forgets the visitor (on logout): new anonymous identity, no super properties, a new replay. */
  reset(): void {
    if (!this.ready('reset')) return;
    // The replay ends first, so its last batch still carries the identity it was recorded under.
    this.recording.command('stop');
    resetIdentity(this.persistence);
    this.identified = false;
    this.recording.startIfSampled();
  }

  /**
   * Records the rest of the tab session (across page loads), whatever sampling or manual mode say;
   * does nothing while a replay is being recorded, while the project's capture is paused, or while the
   * visitor is opted out.
   */
  start_session_recording(): void {
    if (this.ready('start_session_recording')) this.recording.command('start');
  }

  /** WalkMe's name for start_session_recording(). */
  startPlaybackRecording(): void {
    this.start_session_recording();
  }

  pause_session_recording(): void {
    if (this.ready('pause_session_recording')) this.recording.command('pause');
  }

  resume_session_recording(): void {
    if (this.ready('resume_session_recording')) this.recording.command('resume');
  }

  stop_session_recording(): void {
    if (this.ready('stop_session_recording')) this.recording.command('stop');
  }

  /**
   * Stops all tracking and recording of this visitor, remembered for the project: nothing more reaches the
   * server, what was queued but unsent is dropped (replay batches waiting in IndexedDB included), and
   * (unless clear_persistence is false) the stored identity is deleted and nothing is stored while opted out.
   */
  opt_out_tracking(options?: OptOutOptions): void {
    if (!this.ready('opt_out_tracking')) return;
    this.consent.set(false, options);
    this.recording.discard();
    this.events.discard();
    this.engage.discard();
    if (options?.clear_persistence !== false) this.persistence.disable();
  }

  /** Allows tracking again and sends $opt_in. Recording starts on the next page load or start_session_recording(). */
  opt_in_tracking(options?: OptInOptions): void {
    if (!this.ready('opt_in_tracking')) return;
    this.consent.set(true, options);
    // Do Not Track still wins over an opt-in (unless ignore_dnt): then nothing is stored either.
    if (options?.enable_persistence !== false && this.allowed()) this.persistence.enable();
    this.track(options?.track_event_name || '$opt_in', options?.track_properties, { send_immediately: true });
  }

  /** True when nothing may be sent: the visitor opted out, or the browser sends Do Not Track (unless ignore_dnt). */
  has_opted_out_tracking(options?: ConsentOptions): boolean {
    return this.__loaded && this.consent.optedOut(options);
  }

  has_opted_in_tracking(options?: ConsentOptions): boolean {
    return this.__loaded && this.consent.optedIn(options);
  }

  /** Forgets the visitor's choice (opt_out_tracking_by_default applies again on the next page load). */
  clear_opt_in_out_tracking(options?: ConsentOptions & { enable_persistence?: boolean }): void {
    if (!this.ready('clear_opt_in_out_tracking')) return;
    this.consent.clear(options);
    if (options?.enable_persistence !== false && this.allowed()) this.persistence.enable();
  }

  private allowed(): boolean {
    return !this.consent.optedOut();
  }

  /** {$mp_replay_id} while recording, {} otherwise: for attaching a replay to events sent elsewhere. */
  get_session_recording_properties(): Record<string, string> {
    return this.__loaded ? this.recording.properties() : {};
  }

  /** A dashboard link to this replay while recording, null otherwise. */
  get_session_replay_url(): string | null {
    return this.__loaded ? this.recording.replayUrl() : null;
  }

  /** Runs ['method', ...args], the form the snippet queues: for tag managers and other integrations. */
  push(call: QueuedCall): void {
    invoke(this, call);
  }

  private recorderIdentity(): RecorderIdentity {
    const identity: RecorderIdentity = { distinct_id: this.get_distinct_id() };
    const deviceId = this.persistence.get('$device_id');
    const userId = this.persistence.get('$user_id');
    if (deviceId) identity.$device_id = String(deviceId);
    if (userId) identity.$user_id = String(userId);
    return identity;
  }
}

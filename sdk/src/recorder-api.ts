// The contract between the core and the recorder bundle, which are built and loaded separately: the core
// injects <script src=".../hindsight-recorder.js">, the bundle registers itself on window under
// RECORDER_GLOBAL, and the core creates one recorder per SDK instance from it. Only plain method names
// cross this line, so the two bundles keep working together across minifications.
import type { Config } from './config';
import type { Db } from './idb';
import type { Logger } from './log';

export const RECORDER_GLOBAL = '__hindsight_recorder';

export interface RecorderIdentity {
  distinct_id: string;
  $device_id?: string;
  $user_id?: string;
}

/** What the core gives the recorder. */
export interface RecorderHost {
  /** The instance's live configuration. */
  config: Config;
  /** Where the recorder bundle was loaded from: its optional parts (recorder/parts.ts) are beside it. */
  recorderSrc: string;
  /** The tab's id (tab-id.ts): which replays in the registry are this tab's. */
  tabId: string;
  /**
   * The core's database: both bundles must see the same registry, and where IndexedDB is unavailable the
   * in-memory stand-in exists once, in the core.
   */
  db: Db;
  identity(): RecorderIdentity;
  /** The instance's track(): events the recorder makes (heatmap data) carry the replay's id like any other. */
  track(event: string, properties?: Record<string, unknown>, options?: { transport?: 'sendBeacon' }): void;
  /** The replay ran out: no activity for record_idle_timeout_ms, or record_max_ms reached. */
  expired(reason: 'idle' | 'max'): void;
  /** The server refuses new replays (capture paused): this one stopped and nothing of it is kept. */
  refused(replayId: string): void;
  /** False while the visitor is opted out of tracking (perhaps in another tab): nothing may be stored or sent. */
  allowed(): boolean;
  /** The recorder found the visitor opted out (in another tab, say): the core discards the replay and what waits. */
  optedOut(): void;
  log: Logger;
}

export interface Recorder {
  /** Starts collecting into the tab's live replay `replayId` (from the registry): new, continued or resumed. */
  start(replayId: string): void;
  /** Stops collecting and stores what was collected; resolves once it is stored. `final`: the replay ends. */
  halt(final: boolean): Promise<void>;
  /** Delivers whatever waits in IndexedDB for this tab, and what closed tabs left behind. */
  deliver(): void;
  /**
   * The visitor opted out: stops collecting and sending, and forgets what this page holds unsent (batches
   * being sealed, the page-hide stash). The core deletes what waits in IndexedDB.
   */
  discard(): void;
}

/** What the recorder bundle registers on window. */
export interface RecorderModule {
  version: string;
  create(host: RecorderHost): Recorder;
}

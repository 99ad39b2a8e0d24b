// The contract between the core and the recorder bundle, which are built and loaded separately: the core
// injects <script src=".../hindsight-recorder.js">, the bundle registers itself on window under
// RECORDER_GLOBAL, and the core creates one recorder per SDK instance from it. Only plain method names
// cross this line, so the two bundles keep working together across minifications.
import type { Config } from './config';
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
  identity(): RecorderIdentity;
  /** The replay ran out: no activity for record_idle_timeout_ms, or record_max_ms reached. */
  expired(reason: 'idle' | 'max'): void;
  /** False while the visitor is opted out of tracking (perhaps in another tab): nothing may be sent. */
  allowed(): boolean;
  log: Logger;
}

export interface Recorder {
  /** Starts collecting into the tab's replay `replayId` (from the registry): new, continued or resumed. */
  start(replayId: string): void;
  /** Stops collecting and uploads what was collected. `final`: the replay ends here. */
  halt(final: boolean): void;
  /** The visitor opted out: stops collecting and forgets everything not yet sent, stashed batches included. */
  discard(): void;
}

/** What the recorder bundle registers on window. */
export interface RecorderModule {
  version: string;
  create(host: RecorderHost): Recorder;
}

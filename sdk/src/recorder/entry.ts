// hindsight-recorder.js: rrweb plus our batching and upload, loaded by the core only when a recording
// starts. Registering on window is how it reaches whichever core loaded it (the script-tag build or the
// ES module), even across origins.
import { RECORDER_GLOBAL, type RecorderModule } from '../recorder-api';
import { LIB_VERSION } from '../version';
import { SessionRecorder } from './session-recorder';

const global = window as unknown as Record<string, RecorderModule | undefined>;

// A second copy (two instances loading it at once) keeps the first registration.
global[RECORDER_GLOBAL] ||= {
  version: LIB_VERSION,
  create: (host) => new SessionRecorder(host),
};

// The recorder's optional parts — console, network, canvas, heatmap data — each built as its own bundle beside the
// recorder (hindsight-recorder-<name>.js) and loaded only when its option is on, so a page pays for what
// its site records and nothing else. A part gives rrweb its plugins and options, and the privacy filter
// the sanitisers for the events it makes (event-privacy.ts drops every kind of event without one).
import type { Config } from '../config';
import type { Logger } from '../log';
import type { RecorderHost } from '../recorder-api';
import { loadBundle } from '../recorder-loader';
import type { EventSanitiser } from './event-privacy';

export const RECORDER_PARTS_GLOBAL = '__hindsight_recorder_parts';

/** One rrweb record plugin (rrweb's RecordPlugin, kept structural so parts need not share its types). */
export interface RecordPluginLike {
  name: string;
  observer?: (callback: (payload: unknown) => void, win: Window, options: unknown) => () => void;
  options: unknown;
}

/** What a part adds to one run of rrweb. */
export interface RecorderPart {
  plugins?: RecordPluginLike[];
  /** rrweb record() options, e.g. recordCanvas, sampling, dataURLOptions. */
  options?: Record<string, unknown>;
  /** By rrweb plugin name, or `source:<n>` for an incremental source (see event-privacy.ts). */
  sanitisers?: Array<[string, EventSanitiser]>;
}

/** The SDK instance's track(), for a part whose output is tracked events rather than replay events. */
export type TrackFn = RecorderHost['track'];

/** What a part's bundle registers on window under RECORDER_PARTS_GLOBAL[name]. */
export interface RecorderPartModule {
  /** Called at each start of rrweb with the instance's configuration. */
  create(config: Config, log: Logger, track: TrackFn): RecorderPart;
}

const PART_NAMES = ['console', 'network', 'canvas', 'heatmap_data'] as const;
export type PartName = (typeof PART_NAMES)[number];

/** The parts a configuration asks for: part `x` is on while the option `record_x` is. */
export function partNames(config: Config): PartName[] {
  const options = config as unknown as Record<string, unknown>;
  return PART_NAMES.filter((name) => options[`record_${name}`]);
}

/** hindsight-recorder.js → hindsight-recorder-console.js, beside it wherever it was loaded from. */
export function partSrc(recorderSrc: string, name: PartName): string {
  return recorderSrc.replace(/hindsight-recorder(\.[a-z]+)?\.js(?=$|[?#])/, `hindsight-recorder-${name}.js`);
}

/**
 * A part that has not loaded by then is left out of this page's recording: rrweb waits for its parts, and
 * a server that hangs on one script must not delay the replay itself.
 */
export const PART_LOAD_TIMEOUT_MS = 5000;

function withTimeout<T>(pending: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not load within ${ms} ms`)), ms);
    pending.then((value) => (clearTimeout(timer), resolve(value)), (error) => (clearTimeout(timer), reject(error)));
  });
}

/**
 * Loads the parts a configuration asks for. A part that cannot load (or not within PART_LOAD_TIMEOUT_MS) is
 * left out (logged), never fatal: the replay is recorded without it rather than not at all.
 */
export async function loadParts(config: Config, recorderSrc: string, log: Logger): Promise<Array<[PartName, RecorderPartModule]>> {
  const loaded = await Promise.all(partNames(config).map(async (name) => {
    try {
      const src = partSrc(recorderSrc, name);
      const module = await withTimeout(loadBundle<RecorderPartModule>(src, RECORDER_PARTS_GLOBAL, name), PART_LOAD_TIMEOUT_MS, src);
      return [name, module] as [PartName, RecorderPartModule];
    } catch (error) {
      log.error(`Recording without the ${name} part`, error);
      return null;
    }
  }));
  return loaded.filter((part): part is [PartName, RecorderPartModule] => part !== null);
}

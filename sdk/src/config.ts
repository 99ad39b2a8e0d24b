// Configuration: mixpanel-browser's option names and defaults, so a site can switch SDKs without
// rewriting its init call. Only the options Hindsight acts on are listed; unknown keys are kept (a site
// may pass options for features that arrive later) but have no effect.

import type { NetworkRecordOptions } from './parts/network/options';

/** The most a recording may last, and the longest record_min_ms may ask for (mixpanel-browser's caps). */
export const MAX_RECORDING_MS = 24 * 60 * 60 * 1000;
export const MAX_MIN_RECORDING_MS = 8 * 1000;

export interface KnownOptions {
  /** Where events and recordings are sent: the Hindsight server's origin. */
  api_host: string;
  /** Where get_session_replay_url() points: the dashboard's origin. */
  dashboard_host: string;
  /** Called once with the instance when the SDK is ready: remote settings applied, recording decided. */
  loaded: (instance: unknown) => void;
  debug: boolean;
  /** Where identity and super properties live between visits. */
  persistence: 'localStorage' | 'cookie';
  batch_size: number;
  batch_flush_interval_ms: number;
  batch_request_timeout_ms: number;
  /** Share of tab sessions recorded, 0 to 100. Nothing is recorded unless a site raises it. */
  record_sessions_percent: number;
  /** Privacy options (README, "Privacy"). Selectors may be strings or arrays of strings. */
  record_block_class: string | RegExp;
  record_block_selector: string | string[];
  /** Unset means true, unless record_mask_text_selector is set alone (mixpanel-browser's older form). */
  record_mask_all_text?: boolean;
  record_mask_text_selector?: string | string[];
  record_unmask_text_selector?: string | string[];
  record_mask_text_class: string | RegExp;
  record_mask_all_inputs: boolean;
  record_mask_input_selector?: string | string[];
  record_unmask_input_selector?: string | string[];
  /** Opt-out and Do Not Track (README, "Opt-out and Do Not Track"). */
  opt_out_tracking_by_default: boolean;
  opt_out_persistence_by_default: boolean;
  opt_out_tracking_persistence_type: 'localStorage' | 'cookie';
  opt_out_tracking_cookie_prefix: string | null;
  ignore_dnt: boolean;
  record_idle_timeout_ms: number;
  record_max_ms: number;
  record_min_ms: number;
  /** Records requests and resource timings (mixpanel-browser 2.83's record_network; the network part). */
  record_network: boolean;
  /** Its six options, mixpanel-browser's (README, "Network capture"). */
  record_network_options: NetworkRecordOptions;
  /** Whether the project's settings are fetched from <api_host>/settings/ (remote-settings.ts). */
  remote_settings_mode: 'disabled' | 'fallback' | 'strict';
  /** How long recording waits for those settings before the mode's fallback applies (mixpanel-browser's 500 ms). */
  remote_settings_timeout_ms: number;
  /** Tracks clicks, rage and dead clicks and page leaves while recording (the heatmap_data part); settable remotely. */
  record_heatmap_data: boolean;
  /** Records canvases as WebP frames, 15 a second (mixpanel-browser 2.83's record_canvas; the canvas part). */
  record_canvas: boolean;
  /** Sampling starts nothing: replays start only when the site calls start_session_recording(). */
  record_manually: boolean;
  /** Console messages, uncaught errors and unhandled rejections recorded, scrubbed (parts/console/). */
  record_console: boolean;
  /** 'paused' (set by a project admin through remote settings): no new replay starts. */
  capture_status: 'active' | 'paused';
  /** Where the recorder bundle is loaded from; defaults to <api_host>/sdk/hindsight-recorder.js. */
  recorder_src: string | null;
  token: string;
  /** The instance's name: 'hindsight' for the primary one. Keys of per-tab storage include it. */
  name: string;
}

/** The options Hindsight knows, plus whatever else a site passed (kept, without effect). */
export type Config = KnownOptions & { [option: string]: unknown };

export type UserConfig = Partial<Omit<KnownOptions, 'token' | 'name'>> & { [option: string]: unknown };

export const PRIMARY_NAME = 'hindsight';

export const DEFAULTS: Omit<KnownOptions, 'api_host' | 'dashboard_host' | 'token' | 'name'> = {
  loaded: () => {},
  debug: false,
  persistence: 'localStorage',
  batch_size: 50,
  batch_flush_interval_ms: 5000,
  batch_request_timeout_ms: 90_000,
  record_sessions_percent: 0,
  record_block_class: /^(mp-block|fs-exclude|amp-block|rr-block|ph-no-capture)$/,
  // mixpanel-browser 2.83's default: media shows as a same-size placeholder, never its content.
  record_block_selector: 'img, video, audio',
  record_mask_text_class: /^(mp-mask|fs-mask|amp-mask|rr-mask|ph-mask)$/,
  record_mask_all_inputs: true,
  opt_out_tracking_by_default: false,
  opt_out_persistence_by_default: false,
  opt_out_tracking_persistence_type: 'localStorage',
  opt_out_tracking_cookie_prefix: null,
  ignore_dnt: false,
  record_idle_timeout_ms: 30 * 60 * 1000,
  record_max_ms: MAX_RECORDING_MS,
  record_min_ms: 0,
  record_network: false,
  record_network_options: {},
  // mixpanel-browser 2.83's default: a site opts in to remote settings.
  remote_settings_mode: 'disabled',
  remote_settings_timeout_ms: 500,
  record_heatmap_data: false,
  record_canvas: false,
  record_manually: false,
  // mixpanel-browser 2.83's default: a replay shows the page's console.
  record_console: true,
  capture_status: 'active',
  recorder_src: null,
};

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

type NumericOption = 'batch_size' | 'batch_flush_interval_ms' | 'batch_request_timeout_ms' | 'record_sessions_percent' | 'record_idle_timeout_ms' | 'record_max_ms' | 'record_min_ms' | 'remote_settings_timeout_ms';

/** Keeps a numeric option within [min, max]; what is not a number falls back to the default. */
function clamp(config: Config, option: NumericOption, min: number, max: number): void {
  const value: unknown = config[option];
  const n = typeof value === 'number' ? value : parseFloat(String(value));
  config[option] = isFinite(n) ? Math.min(max, Math.max(min, n)) : DEFAULTS[option];
}

/**
 * Merges a site's options over the defaults. `scriptOrigin` is the origin the SDK was loaded from: a
 * self-hosted SDK is served by the very server it reports to, so that is the natural api_host.
 */
export function resolveConfig(token: string, name: string, user: UserConfig | undefined, scriptOrigin?: string): Config {
  const merged = { ...DEFAULTS, ...(user || {}) } as Config;
  merged.token = token;
  merged.name = name;
  merged.api_host = stripSlash(String(user?.api_host || scriptOrigin || location.origin));
  merged.dashboard_host = stripSlash(String(user?.dashboard_host || merged.api_host));
  return normalize(merged);
}

/** Keeps numbers in their valid ranges, whatever a site (or a later set_config) passed. */
export function normalize(config: Config): Config {
  clamp(config, 'batch_size', 1, 1000);
  config.batch_size = Math.floor(config.batch_size);
  clamp(config, 'batch_flush_interval_ms', 100, 3_600_000);
  clamp(config, 'batch_request_timeout_ms', 1000, 600_000);
  clamp(config, 'record_sessions_percent', 0, 100);
  clamp(config, 'record_idle_timeout_ms', 1000, MAX_RECORDING_MS);
  clamp(config, 'record_max_ms', 1000, MAX_RECORDING_MS);
  clamp(config, 'record_min_ms', 0, MAX_MIN_RECORDING_MS);
  clamp(config, 'remote_settings_timeout_ms', 100, 30_000);
  if (config.persistence !== 'cookie') config.persistence = 'localStorage';
  if (['disabled', 'fallback', 'strict'].indexOf(config.remote_settings_mode) < 0) config.remote_settings_mode = 'disabled';
  config.record_heatmap_data = config.record_heatmap_data === true;
  config.record_manually = config.record_manually === true;
  if (config.capture_status !== 'paused') config.capture_status = 'active';
  if (typeof config.loaded !== 'function') config.loaded = DEFAULTS.loaded;
  return config;
}

/** The origin of a script URL, or undefined when there is none to read. */
export function originOf(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const origin = new URL(url, location.href).origin;
    return origin && origin !== 'null' ? origin : undefined;
  } catch {
    return undefined;
  }
}

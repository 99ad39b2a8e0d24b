// Remote settings: the project's SDK config, edited by its admins in Hindsight, fetched at page load from
// GET <api_host>/settings/ so that sampling, replay limits, manual recording and paused capture change
// without redeploying the site. As in mixpanel-browser 2.83:
//   disabled (the default) — no request; the site's config alone counts.
//   fallback — the server's values win; if it fails or takes over remote_settings_timeout_ms (500 ms,
//              mixpanel-browser's budget), the site's config stands.
//   strict   — as fallback, but on failure, timeout or an empty config sampling records nothing on this
//              page (a replay already in progress continues; an explicit start_session_recording() works).
// Only the keys below are taken: masking and endpoints stay in the site's code.
import { base64Utf8 } from './encoding';
import { LIB_VERSION, MP_LIB } from './version';

export type RemoteSettingsMode = 'disabled' | 'fallback' | 'strict';

export const REMOTE_KEYS = [
  'record_sessions_percent', 'record_idle_timeout_ms', 'record_min_ms', 'record_max_ms', 'record_heatmap_data',
  'record_manually', 'capture_status',
] as const;

export function settingsUrl(apiHost: string): string {
  return `${apiHost}/settings/?$lib_version=${encodeURIComponent(LIB_VERSION)}&mp_lib=${MP_LIB}&sdk_config=1`;
}

/** The known keys of `{"sdk_config":{"config":{…}}}`, or null when the reply is not that shape. */
export function knownSettings(reply: unknown): Record<string, unknown> | null {
  const config = (reply as { sdk_config?: { config?: unknown } } | null)?.sdk_config?.config;
  if (!config || typeof config !== 'object' || Array.isArray(config)) return null;
  const known: Record<string, unknown> = {};
  for (const key of REMOTE_KEYS) if (key in config) known[key] = (config as Record<string, unknown>)[key];
  return known;
}

/** The project's settings, or null on any failure (network, HTTP error, timeout, malformed reply). */
export async function fetchRemoteSettings(apiHost: string, token: string, timeoutMs: number): Promise<Record<string, unknown> | null> {
  if (typeof AbortController === 'undefined' || typeof fetch === 'undefined') return null;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(settingsUrl(apiHost), {
      method: 'GET',
      headers: { Authorization: 'Basic ' + base64Utf8(token + ':') },
      credentials: 'omit',
      signal: controller.signal,
    });
    if (!response.ok) return null;
    return knownSettings(await response.json());
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What the page does with the outcome: the settings to apply over the site's config, and whether strict
 * mode forbids sampling on this page.
 */
export function resolveRemote(mode: RemoteSettingsMode, known: Record<string, unknown> | null): { apply: Record<string, unknown>; blocked: boolean } {
  const apply = known || {};
  const empty = Object.keys(apply).length === 0;
  return { apply, blocked: mode === 'strict' && empty };
}

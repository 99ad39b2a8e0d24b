import { describe, expect, it } from 'vitest';
import { DEFAULTS, MAX_MIN_RECORDING_MS, MAX_RECORDING_MS, originOf, resolveConfig } from '../src/config';

describe('config', () => {
  it('uses mixpanel-browser defaults when the site passes no options', () => {
    const config = resolveConfig('t', 'hindsight', undefined);
    expect(config).toMatchObject({
      persistence: 'localStorage',
      batch_size: 50,
      batch_flush_interval_ms: 5000,
      record_sessions_percent: 0,
      record_block_selector: 'img, video, audio',
      record_mask_all_inputs: true,
      ignore_dnt: false,
      opt_out_tracking_by_default: false,
      opt_out_persistence_by_default: false,
      opt_out_tracking_persistence_type: 'localStorage',
      opt_out_tracking_cookie_prefix: null,
      record_idle_timeout_ms: 30 * 60 * 1000,
      record_max_ms: 24 * 60 * 60 * 1000,
      record_min_ms: 0,
      remote_settings_timeout_ms: 500,
      recorder_src: null,
      debug: false,
    });
    expect(String(config.record_block_class)).toBe('/^(mp-block|fs-exclude|amp-block|rr-block|ph-no-capture)$/');
    expect(String(config.record_mask_text_class)).toBe('/^(mp-mask|fs-mask|amp-mask|rr-mask|ph-mask)$/');
    // Unset, as in mixpanel-browser, so that record_mask_text_selector alone keeps its older meaning.
    expect(config.record_mask_all_text).toBeUndefined();
  });

  it('sends to the origin the SDK was loaded from, else to the page origin', () => {
    expect(resolveConfig('t', 'hindsight', {}, 'https://hs.example.com').api_host).toBe('https://hs.example.com');
    expect(resolveConfig('t', 'hindsight', {}).api_host).toBe(location.origin);
  });

  it('points the dashboard at api_host unless told otherwise, without trailing slashes', () => {
    const config = resolveConfig('t', 'hindsight', { api_host: 'https://hs.example.com/' });
    expect(config.api_host).toBe('https://hs.example.com');
    expect(config.dashboard_host).toBe('https://hs.example.com');
    expect(resolveConfig('t', 'hindsight', { dashboard_host: 'https://app.example.com/' }).dashboard_host).toBe('https://app.example.com');
  });

  it('lets a site override any option and keeps options it does not know', () => {
    const config = resolveConfig('t', 'shop', { batch_size: 10, persistence: 'cookie', record_sessions_percent: 25, custom_thing: 1 });
    expect(config).toMatchObject({ batch_size: 10, persistence: 'cookie', record_sessions_percent: 25, custom_thing: 1, token: 't', name: 'shop' });
  });

  it('keeps numbers inside their valid ranges', () => {
    const config = resolveConfig('t', 'hindsight', {
      record_sessions_percent: 250,
      record_max_ms: MAX_RECORDING_MS * 2,
      record_min_ms: 60_000,
      batch_size: 0,
      remote_settings_timeout_ms: 10,
      persistence: 'indexedDB' as never,
    });
    expect(config.remote_settings_timeout_ms).toBe(100);
    expect(config.record_sessions_percent).toBe(100);
    expect(config.record_max_ms).toBe(MAX_RECORDING_MS);
    expect(config.record_min_ms).toBe(MAX_MIN_RECORDING_MS);
    expect(config.batch_size).toBe(1);
    expect(config.persistence).toBe('localStorage');
  });

  it('does not let one resolved config change the defaults of the next', () => {
    resolveConfig('t', 'hindsight', { batch_size: 3 }).batch_size = 7;
    expect(DEFAULTS.batch_size).toBe(50);
  });

  it('reads the origin of a script address and ignores addresses without one', () => {
    expect(originOf('https://hs.example.com/sdk/hindsight.js')).toBe('https://hs.example.com');
    expect(originOf('')).toBeUndefined();
    expect(originOf(null)).toBeUndefined();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchRemoteSettings, knownSettings, resolveRemote, settingsUrl } from '../src/remote-settings';

describe('remote settings', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  function serve(reply: () => Promise<Response>) {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => (calls.push({ url, init }), reply())));
    return calls;
  }

  it('asks GET <api_host>/settings/ with the library version and Basic token auth, as mixpanel-browser does', async () => {
    const calls = serve(async () => Response.json({ sdk_config: { config: { record_sessions_percent: 25 } } }));
    expect(await fetchRemoteSettings('https://hs.example.com', 'tok', 500)).toEqual({ record_sessions_percent: 25 });
    expect(calls[0].url).toBe(settingsUrl('https://hs.example.com'));
    expect(calls[0].url).toBe('https://hs.example.com/settings/?$lib_version=0.1.0&mp_lib=web&sdk_config=1');
    expect(calls[0].init.method).toBe('GET');
    expect(calls[0].init.headers).toEqual({ Authorization: 'Basic ' + btoa('tok:') });
  });

  it('takes only the known keys: sampling, replay limits, heatmap data, manual recording and capture status (never privacy or consent)', () => {
    const reply = {
      sdk_config: {
        config: {
          record_sessions_percent: 5, record_idle_timeout_ms: 60_000, record_min_ms: 2000, record_max_ms: 3_600_000,
          record_heatmap_data: true, record_manually: true, capture_status: 'paused',
          record_mask_all_text: false, api_host: 'https://evil.example', recorder_src: 'https://evil.example/x.js',
          record_unmask_text_selector: '*', record_mask_all_inputs: false, record_block_selector: '', ignore_dnt: true,
          opt_out_tracking_by_default: false,
        },
      },
    };
    expect(knownSettings(reply)).toEqual({
      record_sessions_percent: 5, record_idle_timeout_ms: 60_000, record_min_ms: 2000, record_max_ms: 3_600_000,
      record_heatmap_data: true, record_manually: true, capture_status: 'paused',
    });
    expect(knownSettings({ sdk_config: { config: {} } })).toEqual({});
    for (const bad of [null, {}, { sdk_config: {} }, { sdk_config: { config: [] } }, 'x']) expect(knownSettings(bad)).toBeNull();
  });

  it('fails (null) on an HTTP error, a network error or a malformed reply', async () => {
    serve(async () => new Response('{"error":"x"}', { status: 500 }));
    expect(await fetchRemoteSettings('https://hs', 't', 500)).toBeNull();
    serve(async () => Promise.reject(new TypeError('offline')));
    expect(await fetchRemoteSettings('https://hs', 't', 500)).toBeNull();
    serve(async () => new Response('not json'));
    expect(await fetchRemoteSettings('https://hs', 't', 500)).toBeNull();
  });

  it('gives up after the timeout it is given (500 ms by default)', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('fetch', vi.fn((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))));
    let outcome: unknown = 'pending';
    void fetchRemoteSettings('https://hs', 't', 500).then((value) => (outcome = value));
    await vi.advanceTimersByTimeAsync(499);
    expect(outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toBeNull();
  });

  it('fallback keeps the local config on failure; strict blocks sampling on failure or an empty config', () => {
    expect(resolveRemote('fallback', null)).toEqual({ apply: {}, blocked: false });
    expect(resolveRemote('fallback', { record_sessions_percent: 5 })).toEqual({ apply: { record_sessions_percent: 5 }, blocked: false });
    expect(resolveRemote('strict', null).blocked).toBe(true);
    expect(resolveRemote('strict', {}).blocked).toBe(true);
    expect(resolveRemote('strict', { record_min_ms: 0 })).toEqual({ apply: { record_min_ms: 0 }, blocked: false });
  });
});

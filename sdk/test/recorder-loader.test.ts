import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RECORDER_GLOBAL } from '../src/recorder-api';
import { freshToken, mockBeacon, mockFetch, settle } from './helpers';

const recorderScripts = () => Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]'));
/** The recording decision comes once the registry is read: the script appears then. */
const scriptAdded = () => vi.waitFor(() => expect(recorderScripts()).toHaveLength(1));

describe('loading the recorder', () => {
  let Hindsight: typeof import('../src/hindsight').Hindsight;

  beforeEach(async () => {
    // Each test is a new page: the loader remembers what it loaded for the life of the page.
    vi.resetModules();
    ({ Hindsight } = await import('../src/hindsight'));
    sessionStorage.clear();
    localStorage.clear();
    delete (window as unknown as Record<string, unknown>)[RECORDER_GLOBAL];
    recorderScripts().forEach((s) => s.remove());
    mockFetch();
    mockBeacon();
  });

  it('adds no recorder script to pages that are not recorded', async () => {
    const loaded = vi.fn();
    new Hindsight('https://hs.example.com').init(freshToken(), { loaded });
    await vi.waitFor(() => expect(loaded).toHaveBeenCalled());
    expect(recorderScripts()).toHaveLength(0);
  });

  it('loads <api_host>/sdk/hindsight-recorder.js when a recording starts and hands it the replay', async () => {
    const hs = new Hindsight('https://hs.example.com');
    hs.init(freshToken(), { record_sessions_percent: 100 });
    await scriptAdded();
    const [script] = recorderScripts();
    expect(script.src).toBe('https://hs.example.com/sdk/hindsight-recorder.js');
    // Not asserted here: a script added by script is async in browsers by the HTML standard (force-async),
    // which jsdom does not model.

    // The bundle registers itself on window as it runs; then the browser fires load.
    const started: string[] = [];
    (window as unknown as Record<string, unknown>)[RECORDER_GLOBAL] = {
      version: '0.1.0',
      create: () => ({ start: (id: string) => started.push(id), halt: async () => {}, deliver: () => {} }),
    };
    script.dispatchEvent(new Event('load'));
    await settle();
    expect(started).toEqual([hs.get_session_recording_properties().$mp_replay_id]);
  });

  it('loads the recorder from recorder_src when the site says where', async () => {
    new Hindsight('https://hs.example.com').init(freshToken(), { record_sessions_percent: 100, recorder_src: 'https://cdn.example.com/rec.js' });
    await scriptAdded();
    expect(recorderScripts().map((s) => s.src)).toEqual(['https://cdn.example.com/rec.js']);
  });

  it('drops the replay when the recorder cannot be loaded, so events stop claiming it', async () => {
    const hs = new Hindsight('https://hs.example.com');
    hs.init(freshToken(), { record_sessions_percent: 100 });
    await scriptAdded();
    expect(hs.get_session_recording_properties().$mp_replay_id).toBeDefined();
    recorderScripts()[0].dispatchEvent(new Event('error'));
    await settle();
    expect(hs.get_session_recording_properties()).toEqual({});
    expect(hs.get_session_replay_url()).toBeNull();
  });
});

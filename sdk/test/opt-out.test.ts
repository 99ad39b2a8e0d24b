import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { doNotTrack } from '../src/consent';
import { Hindsight } from '../src/hindsight';
import { RECORDER_GLOBAL } from '../src/recorder-api';
import { decodeForm, freshToken, mockBeacon, mockFetch, settle } from './helpers';

type Event = { event: string; properties: Record<string, unknown> };

describe('opt-out and Do Not Track', () => {
  let net: ReturnType<typeof mockFetch>;
  let beacons: ReturnType<typeof mockBeacon>;
  let token: string;

  function init(config: Record<string, unknown> = {}) {
    const hs = new Hindsight('https://hs.example.com');
    hs.init(token, config);
    return hs;
  }

  async function flush() {
    await vi.advanceTimersByTimeAsync(5000);
    await settle();
  }

  const tracked = () =>
    net.requests.filter((r) => r.url.pathname === '/track/').flatMap((r) => decodeForm(r.init.body) as Event[]);
  const recorderScripts = () => document.querySelectorAll('script[src$="hindsight-recorder.js"]').length;
  const setDnt = (value: unknown) => Object.defineProperty(navigator, 'doNotTrack', { configurable: true, get: () => value });

  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
    sessionStorage.clear();
    document.cookie.split(';').forEach((c) => (document.cookie = c.split('=')[0] + '=; max-age=0; path=/'));
    document.head.innerHTML = '';
    delete (window as unknown as Record<string, unknown>)[RECORDER_GLOBAL];
    net = mockFetch();
    beacons = mockBeacon();
    token = freshToken();
  });
  afterEach(() => {
    setDnt(null);
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('an opted-out visitor sends nothing at all: no events, no profile updates, no recording', async () => {
    init().opt_out_tracking();
    const hs = init({ record_sessions_percent: 100 });
    const callback = vi.fn();
    hs.track('Viewed', {}, callback);
    hs.identify('ada@example.com');
    hs.people.set({ $email: 'ada@example.com' });
    hs.start_session_recording();
    dispatchEvent(new Event('pagehide'));
    await flush();
    expect(callback).toHaveBeenCalledWith(0);
    expect(net.requests).toEqual([]);
    expect(beacons).toEqual([]);
    expect(recorderScripts()).toBe(0);
    expect(hs.get_session_recording_properties()).toEqual({});
  });

  it('an opted-out visitor does not even ask for remote settings, and still gets the loaded callback', async () => {
    init().opt_out_tracking();
    const loaded = vi.fn();
    const hs = init({ remote_settings_mode: 'strict', record_sessions_percent: 100, loaded });
    await vi.waitFor(() => expect(loaded).toHaveBeenCalledWith(hs));
    await flush();
    expect(net.requests).toEqual([]);
    expect(recorderScripts()).toBe(0);
  });

  it('a site that opts the visitor out right after init sends nothing, not even the remote settings request', async () => {
    const hs = init({ remote_settings_mode: 'fallback', record_sessions_percent: 100 });
    hs.opt_out_tracking();
    await flush();
    expect(net.requests).toEqual([]);
    expect(recorderScripts()).toBe(0);
  });

  it('manual mode: startPlaybackRecording records nothing while the visitor is opted out', async () => {
    const loaded = vi.fn();
    const hs = init({ record_manually: true, loaded });
    hs.opt_out_tracking();
    hs.startPlaybackRecording();
    await vi.waitFor(() => expect(loaded).toHaveBeenCalled());
    hs.start_session_recording();
    await flush();
    expect(hs.get_session_recording_properties()).toEqual({});
    expect(net.requests).toEqual([]);
    expect(recorderScripts()).toBe(0);
  });

  it('remembers the choice per project, under mixpanel-browser’s key, in localStorage or a cookie', () => {
    init().opt_out_tracking();
    expect(localStorage.getItem(`__mp_opt_in_out_${token}`)).toBe('0');
    expect(init().has_opted_out_tracking()).toBe(true);
    const other = token;
    token = freshToken();
    expect(init().has_opted_out_tracking()).toBe(false);
    token = other;
    init({ opt_out_tracking_persistence_type: 'cookie', opt_out_tracking_cookie_prefix: 'consent_' }).opt_out_tracking();
    expect(decodeURIComponent(document.cookie)).toContain(`consent_${token}=0`);
  });

  it('opting out deletes the stored identity and stores nothing more', () => {
    const hs = init();
    hs.register({ plan: 'gold' });
    hs.opt_out_tracking();
    expect(localStorage.getItem(`hs_${token}_hindsight`)).toBeNull();
    hs.register({ plan: 'platinum' });
    expect(localStorage.getItem(`hs_${token}_hindsight`)).toBeNull();
    expect(init().get_property('plan')).toBeUndefined();
  });

  it('opting out drops what was queued but not yet sent', async () => {
    const hs = init();
    hs.track('Queued before the choice');
    hs.people.set({ $name: 'queued' });
    hs.opt_out_tracking();
    await flush();
    expect(net.requests).toEqual([]);
    expect(localStorage.getItem(`hs_${token}_queue_track`)).toBeNull();
  });

  it('opting back in sends $opt_in at once and tracks again', async () => {
    const hs = init();
    hs.opt_out_tracking();
    hs.opt_in_tracking();
    expect(hs.has_opted_out_tracking()).toBe(false);
    expect(hs.has_opted_in_tracking()).toBe(true);
    await settle();
    hs.track('After consent');
    await flush();
    expect(tracked().map((e) => e.event)).toEqual(['$opt_in', 'After consent']);
    expect(localStorage.getItem(`hs_${token}_hindsight`)).not.toBeNull();
  });

  it('opt_out_tracking_by_default opts a new visitor out until they opt in', async () => {
    const hs = init({ opt_out_tracking_by_default: true });
    expect(hs.has_opted_out_tracking()).toBe(true);
    hs.track('Before consent');
    hs.opt_in_tracking({ track_event_name: 'Consented' });
    expect(init({ opt_out_tracking_by_default: true }).has_opted_out_tracking()).toBe(false);
    await flush();
    expect(tracked().map((e) => e.event)).toEqual(['Consented']);
  });

  it('a site’s server can opt a visitor out before the SDK runs with the mp_optout cookie', () => {
    document.cookie = 'mp_optout=1; path=/';
    expect(init().has_opted_out_tracking()).toBe(true);
    expect(document.cookie).not.toContain('mp_optout');
  });

  it('clearing the choice lets tracking resume', () => {
    const hs = init();
    hs.opt_out_tracking();
    hs.clear_opt_in_out_tracking();
    expect(hs.has_opted_out_tracking()).toBe(false);
    expect(localStorage.getItem(`__mp_opt_in_out_${token}`)).toBeNull();
  });

  it('reads Do Not Track as browsers have spelled it', () => {
    const win = (nav: Record<string, unknown>, own: Record<string, unknown> = {}) => ({ navigator: nav, ...own }) as unknown as Window;
    expect(doNotTrack(win({ doNotTrack: '1' }))).toBe(true);
    expect(doNotTrack(win({ doNotTrack: 'yes' }))).toBe(true);
    expect(doNotTrack(win({ msDoNotTrack: '1' }))).toBe(true);
    expect(doNotTrack(win({}, { doNotTrack: '1' }))).toBe(true);
    expect(doNotTrack(win({ doNotTrack: '0' }))).toBe(false);
    expect(doNotTrack(win({ doNotTrack: 'unspecified' }))).toBe(false);
    expect(doNotTrack(win({ doNotTrack: null }))).toBe(false);
  });

  it('a browser sending Do Not Track is neither tracked nor recorded, and nothing is stored', async () => {
    setDnt('1');
    const hs = init({ record_sessions_percent: 100, remote_settings_mode: 'fallback' });
    expect(hs.has_opted_out_tracking()).toBe(true);
    hs.track('Viewed');
    hs.start_session_recording();
    hs.opt_in_tracking(); // Do Not Track still wins, as in mixpanel-browser
    await flush();
    expect(net.requests).toEqual([]);
    expect(recorderScripts()).toBe(0);
    expect(localStorage.getItem(`hs_${token}_hindsight`)).toBeNull();
  });

  it('ignore_dnt tracks a Do Not Track browser anyway', async () => {
    setDnt('1');
    init({ ignore_dnt: true }).track('Viewed');
    await flush();
    expect(tracked().map((e) => e.event)).toEqual(['Viewed']);
  });

  it('an opt-out in another tab stops this tab’s queue before its next send', async () => {
    const hs = init();
    hs.track('Queued in this tab');
    localStorage.setItem(`__mp_opt_in_out_${token}`, '0');
    await flush();
    expect(net.requests).toEqual([]);
  });
});

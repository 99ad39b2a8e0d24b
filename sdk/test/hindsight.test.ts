import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Hindsight } from '../src/hindsight';
import { decodeForm, freshToken, mockBeacon, mockFetch, settle } from './helpers';

type Event = { event: string; properties: Record<string, unknown> };
type Engage = Record<string, unknown>;

/** Everything sent to an endpoint so far, flattened into single messages. */
function sentTo(requests: ReturnType<typeof mockFetch>['requests'], route: string): unknown[] {
  return requests.filter((r) => r.url.pathname === `/${route}/`).flatMap((r) => decodeForm(r.init.body) as unknown[]);
}

describe('the hindsight instance', () => {
  let net: ReturnType<typeof mockFetch>;
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

  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
    sessionStorage.clear();
    document.cookie.split(';').forEach((c) => (document.cookie = c.split('=')[0] + '=; max-age=0; path=/'));
    net = mockFetch();
    mockBeacon();
    token = freshToken();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  describe('identity', () => {
    it('gives a new visitor an anonymous $device: distinct id built on a random device id', () => {
      const hs = init();
      const deviceId = hs.get_property('$device_id') as string;
      expect(deviceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(hs.get_distinct_id()).toBe(`$device:${deviceId}`);
    });

    it('remembers the visitor across page loads in localStorage under hs_<token>_hindsight', () => {
      const first = init();
      first.register({ plan: 'gold' });
      expect(JSON.parse(localStorage.getItem(`hs_${token}_hindsight`)!)).toMatchObject({ distinct_id: first.get_distinct_id(), plan: 'gold' });
      const second = init();
      expect(second.get_distinct_id()).toBe(first.get_distinct_id());
      expect(second.get_property('plan')).toBe('gold');
    });

    it('can keep the visitor in a cookie instead', () => {
      const hs = init({ persistence: 'cookie' });
      expect(localStorage.getItem(`hs_${token}_hindsight`)).toBeNull();
      expect(decodeURIComponent(document.cookie)).toContain(`hs_${token}_hindsight=`);
      expect(init({ persistence: 'cookie' }).get_distinct_id()).toBe(hs.get_distinct_id());
    });

    it('keeps the visitor when a site switches from cookie to localStorage persistence', () => {
      const before = init({ persistence: 'cookie' }).get_distinct_id();
      const after = init({ persistence: 'localStorage' });
      expect(after.get_distinct_id()).toBe(before);
      expect(decodeURIComponent(document.cookie)).not.toContain(`hs_${token}_hindsight=`);
    });

    it('identify switches the distinct id, sets $user_id and sends $identify with the anonymous id', async () => {
      const hs = init();
      const anonymous = hs.get_distinct_id();
      hs.identify('user-42');
      expect(hs.get_distinct_id()).toBe('user-42');
      expect(hs.get_property('$user_id')).toBe('user-42');
      hs.track('after');
      await flush();
      const [identify, after] = sentTo(net.requests, 'track') as Event[];
      expect(identify.event).toBe('$identify');
      expect(identify.properties).toMatchObject({ distinct_id: 'user-42', $anon_distinct_id: anonymous, $user_id: 'user-42' });
      expect(identify.properties.$device_id).toBe(anonymous.slice('$device:'.length));
      expect(after.properties).toMatchObject({ distinct_id: 'user-42', $user_id: 'user-42' });
    });

    it('identify with the current id sends nothing', async () => {
      const hs = init();
      hs.identify('user-42');
      hs.identify('user-42');
      await flush();
      expect((sentTo(net.requests, 'track') as Event[]).map((e) => e.event)).toEqual(['$identify']);
    });

    it('refuses a user id that looks like an anonymous device id', () => {
      const hs = init();
      const anonymous = hs.get_distinct_id();
      expect(hs.identify('$device:someone-else')).toBe(-1);
      expect(hs.get_distinct_id()).toBe(anonymous);
    });

    it('alias sends $create_alias from the current id, then identifies as the alias', async () => {
      const hs = init();
      const anonymous = hs.get_distinct_id();
      hs.alias('new-user');
      await settle();
      // mixpanel-browser's rule: identifying as the alias just created keeps the current distinct id
      // (the server maps the alias onto it) but records the user id.
      expect(hs.get_distinct_id()).toBe(anonymous);
      expect(hs.get_property('$user_id')).toBe('new-user');
      await flush();
      const events = sentTo(net.requests, 'track') as Event[];
      expect(events[0]).toMatchObject({ event: '$create_alias', properties: { alias: 'new-user', distinct_id: anonymous } });
      expect(events[1]).toMatchObject({ event: '$identify', properties: { distinct_id: 'new-user', $anon_distinct_id: anonymous } });
    });

    it('reset forgets the visitor: a new device, no super properties', () => {
      const hs = init();
      hs.identify('user-42');
      hs.register({ plan: 'gold' });
      const device = hs.get_property('$device_id');
      hs.reset();
      expect(hs.get_distinct_id()).toMatch(/^\$device:/);
      expect(hs.get_property('$device_id')).not.toBe(device);
      expect(hs.get_property('$user_id')).toBeUndefined();
      expect(hs.get_property('plan')).toBeUndefined();
    });
  });

  describe('tracking', () => {
    it('sends every event with the properties mixpanel-browser sends', async () => {
      const hs = init();
      const trackedAt = Date.now() / 1000;
      hs.track('Signed Up', { plan: 'pro' });
      await flush();
      const request = net.requests[0];
      expect(request.url.origin + request.url.pathname).toBe('https://hs.example.com/track/');
      expect(request.url.searchParams.get('verbose')).toBe('1');
      expect(request.url.searchParams.get('ip')).toBe('1');
      expect(Number(request.url.searchParams.get('_'))).toBeGreaterThan(0);
      expect(request.init.method).toBe('POST');
      expect((request.init.headers as Record<string, string>)['Content-Type']).toBe('application/x-www-form-urlencoded');
      const [event] = sentTo(net.requests, 'track') as Event[];
      expect(event.event).toBe('Signed Up');
      expect(event.properties).toMatchObject({
        plan: 'pro',
        token,
        distinct_id: hs.get_distinct_id(),
        $device_id: hs.get_property('$device_id'),
        $current_url: location.href,
        mp_lib: 'web',
        $lib_version: '0.1.0',
      });
      // ($os too, on any user agent mixpanel-browser's rules recognise; jsdom's is not one of them.)
      for (const name of ['$browser', '$screen_width', '$screen_height', '$insert_id', 'time']) expect(event.properties).toHaveProperty(name);
      expect(event.properties).not.toHaveProperty('$user_id');
      expect(event.properties.time as number).toBeCloseTo(trackedAt, 0);
      expect(String(event.properties.time)).toMatch(/\.\d/);
    });

    it('gives every event its own $insert_id', async () => {
      const hs = init({ batch_size: 1000 });
      for (let i = 0; i < 500; i++) hs.track('tick');
      await flush();
      const ids = (sentTo(net.requests, 'track') as Event[]).map((e) => e.properties.$insert_id);
      expect(ids).toHaveLength(500);
      expect(new Set(ids).size).toBe(500);
    });

    it('adds super properties; register_once keeps the first value; unregister removes', async () => {
      const hs = init();
      hs.register({ plan: 'gold' });
      hs.register_once({ plan: 'silver', first_seen: 'today' });
      hs.register({ page_only: true }, { persistent: false });
      hs.track('one');
      hs.unregister('plan');
      hs.track('two');
      await flush();
      const [one, two] = sentTo(net.requests, 'track') as Event[];
      expect(one.properties).toMatchObject({ plan: 'gold', first_seen: 'today', page_only: true });
      expect(two.properties).not.toHaveProperty('plan');
      expect(init().get_property('page_only')).toBeUndefined();
    });

    it('cuts strings to 255 characters', async () => {
      init().track('x', { long: 'y'.repeat(1000) });
      await flush();
      const [event] = sentTo(net.requests, 'track') as Event[];
      expect(event.properties.long).toHaveLength(255);
    });

    it('calls the track callback and returns the payload', async () => {
      const hs = init();
      const callback = vi.fn();
      const data = hs.track('x', {}, callback) as Event;
      expect(data.event).toBe('x');
      await settle();
      expect(callback).toHaveBeenCalledWith(1, data);
    });

    it('ignores calls made before init instead of throwing', () => {
      const hs = new Hindsight();
      expect(hs.track('x')).toBeUndefined();
      expect(hs.get_distinct_id()).toBe('');
      expect(hs.get_session_recording_properties()).toEqual({});
      expect(hs.get_session_replay_url()).toBeNull();
      expect(hs.people.set('a', 1)).toEqual({});
    });

    it('creates named instances that report to their own project', async () => {
      const hs = init();
      const other = hs.init('other-token', { api_host: 'https://other.example.com' }, 'second')!;
      expect((hs as unknown as Record<string, unknown>).second).toBe(other);
      other.track('elsewhere');
      await flush();
      const request = net.requests.find((r) => r.url.origin === 'https://other.example.com')!;
      expect((decodeForm(request.init.body) as Event[])[0].properties.token).toBe('other-token');
    });
  });

  describe('people', () => {
    it('holds profile updates until identify, then sends them for the identified user', async () => {
      const hs = init();
      hs.people.set({ $name: 'Ada', $email: 'ada@example.com' });
      hs.people.set_once('first_login', 'today');
      await flush();
      expect(sentTo(net.requests, 'engage')).toHaveLength(0);
      hs.identify('user-42');
      await flush();
      const [set, setOnce] = sentTo(net.requests, 'engage') as Engage[];
      expect(set).toMatchObject({ $token: token, $distinct_id: 'user-42', $user_id: 'user-42', $set: { $name: 'Ada', $email: 'ada@example.com' } });
      expect(set.$device_id).toBe(hs.get_property('$device_id'));
      expect((set.$set as Record<string, unknown>).$browser).toBeDefined();
      expect(setOnce).toMatchObject({ $distinct_id: 'user-42', $set_once: { first_login: 'today' } });
    });

    it('sends profile updates at once for a visitor identified on an earlier page', async () => {
      init().identify('user-42');
      const nextPage = init();
      nextPage.people.increment('visits');
      nextPage.people.append('pages', '/home');
      nextPage.people.unset(['old', '$distinct_id']);
      await flush();
      const updates = sentTo(net.requests, 'engage') as Engage[];
      expect(updates).toEqual([
        expect.objectContaining({ $distinct_id: 'user-42', $add: { visits: 1 } }),
        expect.objectContaining({ $append: { pages: '/home' } }),
        expect.objectContaining({ $unset: ['old'] }),
      ]);
    });

    it('never lets a site overwrite the profile fields the SDK owns', () => {
      const hs = init();
      hs.identify('user-42');
      const message = hs.people.set({ $distinct_id: 'someone-else', $token: 'x', plan: 'gold' });
      expect(message.$distinct_id).toBe('user-42');
      expect(message.$set).toMatchObject({ plan: 'gold' });
      expect(message.$set).not.toHaveProperty('$distinct_id');
      expect(message.$set).not.toHaveProperty('$token');
    });
  });

  describe('page hide', () => {
    it('beacons queued events once when the page is hidden', () => {
      const beacons = mockBeacon();
      const hs = init();
      hs.track('leaving');
      dispatchEvent(new Event('pagehide'));
      dispatchEvent(new Event('pagehide'));
      // Instances from earlier tests listen too; only this test's project matters here.
      const ours = beacons.filter((b) => (decodeForm(b.body) as Event[]).some((e) => e.properties?.token === token));
      expect(ours).toHaveLength(1);
      expect(ours[0].url).toMatch(/^https:\/\/hs\.example\.com\/track\/\?verbose=1&ip=1&_=\d+$/);
      expect((decodeForm(ours[0].body) as Event[])[0].event).toBe('leaving');
    });
  });

  describe('readiness', () => {
    it('calls the loaded callback once remote settings are applied and the recording decision is made', async () => {
      const seen: unknown[] = [];
      vi.stubGlobal('fetch', vi.fn(async (url: string) =>
        String(url).includes('/settings/')
          ? Response.json({ sdk_config: { config: { record_sessions_percent: 100 } } })
          : Response.json({ status: 1, error: null })));
      const hs = init({
        remote_settings_mode: 'fallback',
        loaded: (instance: Hindsight) => seen.push([instance.get_config('record_sessions_percent'), instance.get_session_recording_properties().$mp_replay_id]),
      });
      expect(seen).toEqual([]);
      await vi.waitFor(() => expect(seen).toHaveLength(1));
      expect(seen[0]).toEqual([100, expect.stringMatching(/^[0-9a-f-]{36}$/)]);
      expect(hs.get_config('record_sessions_percent')).toBe(100);
    });

    it('calls window.onHindsightReady once with the instance, also when it is assigned after the SDK was ready', async () => {
      const w = window as unknown as { onHindsightReady?: unknown };
      const early = vi.fn();
      w.onHindsightReady = early;
      const loaded = vi.fn();
      const hs = init({ loaded });
      await vi.waitFor(() => expect(early).toHaveBeenCalledWith(hs));
      const late = vi.fn();
      w.onHindsightReady = late;
      expect(late).toHaveBeenCalledWith(hs);
      expect(w.onHindsightReady).toBe(late);
      // (Instances of earlier tests may still be becoming ready; only this one counts.)
      expect(early.mock.calls.filter(([instance]) => instance === hs)).toHaveLength(1);
      expect(late.mock.calls.filter(([instance]) => instance === hs)).toHaveLength(1);
    });

    it('gives events tracked before the recording decision the replay they belong to', async () => {
      const loaded = vi.fn();
      const hs = init({ record_sessions_percent: 100, loaded });
      hs.track('early');
      await vi.waitFor(() => expect(loaded).toHaveBeenCalled());
      const replayId = hs.get_session_recording_properties().$mp_replay_id;
      expect(replayId).toBeDefined();
      await flush();
      const early = (sentTo(net.requests, 'track') as Event[]).find((e) => e.event === 'early')!;
      expect(early.properties.$mp_replay_id).toBe(replayId);
    });

    it('startPlaybackRecording is start_session_recording under WalkMe’s name', async () => {
      const loaded = vi.fn();
      const hs = init({ loaded });
      await vi.waitFor(() => expect(loaded).toHaveBeenCalled());
      expect(hs.get_session_recording_properties()).toEqual({});
      hs.startPlaybackRecording();
      expect(hs.get_session_recording_properties().$mp_replay_id).toBeDefined();
    });
  });
});

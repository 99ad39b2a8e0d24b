import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig, type UserConfig } from '../src/config';
import { openDb } from '../src/idb';
import { IdbQueue } from '../src/idb-queue';
import { createLogger } from '../src/log';
import { RECORDER_GLOBAL, type RecorderHost } from '../src/recorder-api';
import { RecordingController } from '../src/recording-controller';
import { forcedKey, stashKey } from '../src/recording-keys';
import { ReplayRegistry } from '../src/replay-registry';
import { storedBatch } from './batches';
import { freshToken, settle } from './helpers';

describe('session recording control', () => {
  let token: string;
  let tracked: Array<{ event: string; replayId?: string }>;
  let recorder: {
    start: ReturnType<typeof vi.fn>;
    halt: ReturnType<typeof vi.fn>;
    deliver: ReturnType<typeof vi.fn>;
    discard: ReturnType<typeof vi.fn>;
  };
  let recorderHost: RecorderHost | null;
  let logs: string[];
  let allowed: boolean;

  /** One page load of the SDK: a controller as the instance creates it, once it has decided. */
  async function page(config: UserConfig = {}) {
    const ctl: RecordingController = new RecordingController({
      config: resolveConfig(token, 'hindsight', { record_sessions_percent: 0, ...config }, 'https://hs.example.com'),
      track: (event) => tracked.push({ event, replayId: ctl.properties().$mp_replay_id }),
      identity: () => ({ distinct_id: 'visitor' }),
      allowed: () => allowed,
      log: { log: (...args: unknown[]) => logs.push(args.join(' ')), error: createLogger(() => false).error },
    });
    await ctl.init();
    await settle(30);
    return ctl;
  }

  /** The page goes away (reload or navigation): it lets go of the tab. */
  const leave = () => dispatchEvent(new Event('pagehide'));
  const registry = async () => new ReplayRegistry(await openDb(), 'hindsight', token);
  const current = async (ctl: RecordingController) =>
    (await registry()).get(`__mprec_hindsight_${token}_${ctl.replayId}`);
  const serveSettings = (reply: () => Promise<Response>) => {
    const fetchMock = vi.fn(async () => reply());
    vi.stubGlobal('fetch', fetchMock);
    return fetchMock;
  };

  beforeEach(() => {
    sessionStorage.clear();
    token = freshToken();
    tracked = [];
    logs = [];
    recorderHost = null;
    recorder = { start: vi.fn(), halt: vi.fn(async () => undefined), deliver: vi.fn(), discard: vi.fn() };
    allowed = true;
    (window as unknown as Record<string, unknown>)[RECORDER_GLOBAL] = {
      version: '0.1.0',
      create: (host: RecorderHost) => ((recorderHost = host), recorder),
    };
    serveSettings(async () => Response.json({ sdk_config: { config: {} } }));
  });
  afterEach(() => {
    leave();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('records nothing and loads no recorder when the tab is not sampled', async () => {
    const ctl = await page();
    expect(ctl.state).toBe('off');
    expect(ctl.properties()).toEqual({});
    expect(ctl.replayUrl()).toBeNull();
    expect(recorderHost).toBeNull();
    expect(tracked).toEqual([]);
  });

  it('starts a replay at page load when the tab is sampled, registered for the tab, and tracks $mp_session_record', async () => {
    const ctl = await page({ record_sessions_percent: 100 });
    const replayId = ctl.properties().$mp_replay_id;
    expect(replayId).toMatch(/^[0-9a-f-]{36}$/);
    expect(tracked).toEqual([{ event: '$mp_session_record', replayId }]);
    expect(recorder.start).toHaveBeenCalledWith(replayId);
    // One database for both bundles: where IndexedDB is missing, the in-memory stand-in must be shared.
    expect(recorderHost!.db).toBe(await openDb());
    expect(await current(ctl)).toMatchObject({ replay_id: replayId, tab_id: recorderHost!.tabId, live: true, seq: 0 });
  });

  it('links to the replay in the dashboard while recording', async () => {
    const ctl = await page({ record_sessions_percent: 100, dashboard_host: 'https://app.example.com' });
    const url = new URL(ctl.replayUrl()!);
    expect(url.origin + url.pathname).toBe('https://app.example.com/projects/replay-redirect');
    expect(url.searchParams.get('replay_id')).toBe(ctl.replayId);
    expect(url.searchParams.get('token')).toBe(token);
    expect(url.searchParams.get('distinct_id')).toBe('visitor');
  });

  it('start forces a recording at 0 percent, and a second start changes nothing', async () => {
    const ctl = await page();
    ctl.command('start');
    const replayId = ctl.replayId;
    expect(ctl.state).toBe('recording');
    ctl.command('start');
    expect(ctl.replayId).toBe(replayId);
    expect(tracked.map((t) => t.event)).toEqual(['$mp_session_record']);
    await settle(30);
    expect(recorder.start).toHaveBeenCalledTimes(1);
  });

  it('commands given before the page has decided wait for it', async () => {
    const ctl = new RecordingController({
      config: resolveConfig(token, 'hindsight', {}, 'https://hs.example.com'),
      track: (event) => tracked.push({ event }),
      identity: () => ({ distinct_id: 'visitor' }),
      allowed: () => allowed,
      log: createLogger(() => false),
    });
    const ready = ctl.init();
    ctl.command('start');
    expect(ctl.state).toBe('off');
    await ready;
    expect(ctl.state).toBe('recording');
  });

  it('pause stops collecting but keeps the replay; resume continues it under the same id', async () => {
    const ctl = await page({ record_sessions_percent: 100 });
    const replayId = ctl.replayId;
    ctl.command('pause');
    expect(recorder.halt).toHaveBeenCalledWith(false);
    expect(ctl.properties()).toEqual({});
    expect(ctl.replayUrl()).toBeNull();
    await settle(30);
    expect(await current(ctl)).toMatchObject({ replay_id: replayId, paused: true });
    ctl.command('resume');
    expect(ctl.properties()).toEqual({ $mp_replay_id: replayId });
    await settle(30);
    expect(recorder.start).toHaveBeenLastCalledWith(replayId);
    expect(tracked.map((t) => t.event)).toEqual(['$mp_session_record']);
  });

  it('stop ends the replay, and the next start begins a new one', async () => {
    const ctl = await page({ record_sessions_percent: 100 });
    const first = ctl.replayId!;
    ctl.command('stop');
    expect(recorder.halt).toHaveBeenCalledWith(true);
    expect(ctl.properties()).toEqual({});
    await settle(30);
    expect(await (await registry()).get(`__mprec_hindsight_${token}_${first}`)).toBeNull();
    ctl.command('start');
    expect(ctl.replayId).not.toBe(first);
    expect(tracked.map((t) => t.event)).toEqual(['$mp_session_record', '$mp_session_record']);
  });

  it('a reload or navigation continues the same replay without a new $mp_session_record', async () => {
    const first = await page({ record_sessions_percent: 100 });
    const replayId = first.replayId;
    leave();
    const next = await page({ record_sessions_percent: 100 });
    expect(next.state).toBe('recording');
    expect(next.replayId).toBe(replayId);
    expect(tracked.map((t) => t.event)).toEqual(['$mp_session_record']);
    expect(recorder.start).toHaveBeenLastCalledWith(replayId);
  });

  it('start_session_recording records the rest of the tab session: later pages, even after the replay expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const first = await page();
    first.command('start');
    await settle(30);
    leave();
    expect((await page()).replayId).toBe(first.replayId);
    leave();
    vi.setSystemTime(Date.now() + 31 * 60_000);
    const later = await page();
    expect(later.state).toBe('recording');
    expect(later.replayId).not.toBe(first.replayId);
    later.command('stop');
    leave();
    expect((await page()).state).toBe('off');
  });

  it('a paused replay stays paused on the next page until resumed', async () => {
    const first = await page({ record_sessions_percent: 100 });
    const replayId = first.replayId;
    first.command('pause');
    await settle(30);
    leave();
    const next = await page({ record_sessions_percent: 100 });
    expect(next.state).toBe('paused');
    expect(next.properties()).toEqual({});
    next.command('resume');
    expect(next.replayId).toBe(replayId);
  });

  it('loads the recorder to deliver batches an earlier page left, even when nothing is being recorded', async () => {
    const first = await page();
    first.command('start');
    await settle(30);
    const record = (await current(first))!;
    await new IdbQueue(await openDb()).append(record.key, storedBatch(0, 1, record.replay_id));
    first.command('pause');
    await settle(30);
    leave();
    recorderHost = null;
    const next = await page();
    expect(next.state).toBe('paused');
    expect(recorderHost).not.toBeNull();
    expect(recorder.deliver).toHaveBeenCalled();
  });

  it('a duplicated tab records its own replay instead of writing into the original one', async () => {
    const original = await page({ record_sessions_percent: 100 });
    // No page hide: the original page is still open while the browser copies its sessionStorage.
    const duplicate = await page({ record_sessions_percent: 100 });
    expect(duplicate.replayId).not.toBe(original.replayId);
  });

  it('a replay idle past the timeout is replaced by a new one on the next page load', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const first = await page({ record_sessions_percent: 100 });
    leave();
    vi.setSystemTime(Date.now() + 31 * 60_000);
    const next = await page({ record_sessions_percent: 100 });
    expect(next.replayId).not.toBe(first.replayId);
    expect(tracked.map((t) => t.event)).toEqual(['$mp_session_record', '$mp_session_record']);
  });

  it('after an idle timeout the next replay starts when the visitor comes back', async () => {
    const ctl = await page({ record_sessions_percent: 100 });
    const first = ctl.replayId;
    recorderHost!.expired('idle');
    expect(recorder.halt).toHaveBeenCalledWith(true);
    expect(ctl.state).toBe('off');
    expect(ctl.properties()).toEqual({});
    document.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    expect(ctl.state).toBe('recording');
    expect(ctl.replayId).not.toBe(first);
  });

  it('an explicit stop is not undone by activity after an idle timeout', async () => {
    const ctl = await page({ record_sessions_percent: 100 });
    recorderHost!.expired('idle');
    ctl.command('stop');
    document.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    expect(ctl.state).toBe('off');
  });

  it('reaching the maximum length starts a new replay at once', async () => {
    const ctl = await page({ record_sessions_percent: 100 });
    const first = ctl.replayId;
    recorderHost!.expired('max');
    expect(ctl.state).toBe('recording');
    expect(ctl.replayId).not.toBe(first);
    await settle(30);
    expect(recorder.start).toHaveBeenLastCalledWith(ctl.replayId);
  });

  describe('remote settings', () => {
    it('disabled (the default) makes no request', async () => {
      const fetchMock = serveSettings(async () => Response.json({}));
      await page({ record_sessions_percent: 100 });
      expect(fetchMock).not.toHaveBeenCalled();
    });

    it('applies the server’s sampling over the site’s', async () => {
      serveSettings(async () => Response.json({ sdk_config: { config: { record_sessions_percent: 100, record_min_ms: 3000 } } }));
      const ctl = await page({ remote_settings_mode: 'fallback' });
      expect(ctl.state).toBe('recording');
      expect(recorderHost!.config.record_min_ms).toBe(3000);
    });

    it('fallback keeps the site’s config when the server fails', async () => {
      serveSettings(async () => new Response('{}', { status: 503 }));
      expect((await page({ remote_settings_mode: 'fallback', record_sessions_percent: 100 })).state).toBe('recording');
    });

    it('strict records nothing when the server fails or has no settings, but an explicit start still records', async () => {
      serveSettings(async () => new Response('{}', { status: 503 }));
      const failed = await page({ remote_settings_mode: 'strict', record_sessions_percent: 100 });
      expect(failed.state).toBe('off');
      leave();
      sessionStorage.clear();
      serveSettings(async () => Response.json({ sdk_config: { config: {} } }));
      const empty = await page({ remote_settings_mode: 'strict', record_sessions_percent: 100 });
      expect(empty.state).toBe('off');
      empty.command('start');
      expect(empty.state).toBe('recording');
    });

    it('strict keeps a replay in progress going', async () => {
      const first = await page({ record_sessions_percent: 100 });
      leave();
      serveSettings(async () => new Response('{}', { status: 503 }));
      expect((await page({ remote_settings_mode: 'strict', record_sessions_percent: 100 })).replayId).toBe(first.replayId);
    });
  });

  describe('manual recording (record_manually)', () => {
    it('sampling starts nothing; start_session_recording does, and the rest of the session follows', async () => {
      serveSettings(async () => Response.json({ sdk_config: { config: { record_manually: true, record_sessions_percent: 100 } } }));
      const ctl = await page({ remote_settings_mode: 'fallback' });
      expect(ctl.state).toBe('off');
      expect(logs.join('\n')).toMatch(/record_manually/);
      ctl.command('start');
      const replayId = ctl.replayId;
      expect(ctl.state).toBe('recording');
      await settle(30);
      leave();
      expect((await page({ remote_settings_mode: 'fallback' })).replayId).toBe(replayId);
    });
  });

  describe('paused capture', () => {
    it('no new replay starts, from sampling or start_session_recording, and a debug log says why', async () => {
      serveSettings(async () => Response.json({ sdk_config: { config: { capture_status: 'paused', record_sessions_percent: 100 } } }));
      const ctl = await page({ remote_settings_mode: 'fallback' });
      expect(ctl.state).toBe('off');
      ctl.command('start');
      expect(ctl.state).toBe('off');
      expect(recorderHost).toBeNull();
      expect(logs.join('\n')).toMatch(/Capture is paused/);
    });

    it('a replay in progress continues', async () => {
      const first = await page({ record_sessions_percent: 100 });
      leave();
      serveSettings(async () => Response.json({ sdk_config: { config: { capture_status: 'paused' } } }));
      expect((await page({ remote_settings_mode: 'fallback', record_sessions_percent: 100 })).replayId).toBe(first.replayId);
    });

    it('when /record refuses the replay, it stops quietly and nothing new starts on this page', async () => {
      const ctl = await page({ record_sessions_percent: 100 });
      recorderHost!.refused(ctl.replayId!);
      expect(ctl.state).toBe('off');
      ctl.command('start');
      expect(ctl.state).toBe('off');
      recorderHost!.expired('max');
      expect(ctl.state).toBe('off');
    });
  });

  describe('opt-out and Do Not Track', () => {
    /** Everything this instance keeps in IndexedDB: replay records and waiting batches. */
    const stored = async () =>
      (await openDb()).run('readonly', async (tx) => ({
        replays: (await tx.keys('replays', `__mprec_hindsight_${token}_`, `__mprec_hindsight_${token}_\uffff`)).length,
        batches: (await tx.keys('batches', [`__mprec_hindsight_${token}_`], [`__mprec_hindsight_${token}_\uffff`])).length,
      }));

    /** A recording page that leaves a batch waiting in IndexedDB, then goes away. */
    async function leaveBatchWaiting(config: UserConfig = {}) {
      const first = await page({ record_sessions_percent: 100, ...config });
      const record = (await current(first))!;
      await new IdbQueue(await openDb()).append(record.key, storedBatch(0, 1, record.replay_id));
      return first;
    }

    it('an opted-out page asks the server for nothing: no remote settings, no recorder, no replay, even when the site forces a start', async () => {
      const fetchMock = serveSettings(async () => Response.json({ sdk_config: { config: { record_sessions_percent: 100 } } }));
      allowed = false;
      const ctl = await page({ remote_settings_mode: 'strict', record_sessions_percent: 100 });
      ctl.command('start');
      ctl.command('resume');
      await settle(30);
      expect(fetchMock).not.toHaveBeenCalled();
      expect(ctl.state).toBe('off');
      expect(ctl.properties()).toEqual({});
      expect(tracked).toEqual([]);
      expect(recorderHost).toBeNull();
      expect(document.querySelector('script[src$="hindsight-recorder.js"]')).toBeNull();
    });

    it('an opted-out page deletes, unsent, what earlier pages left: waiting batches, the replay, the page-hide stash', async () => {
      await leaveBatchWaiting();
      sessionStorage.setItem(stashKey('hindsight', token), '[{"key":"k","batch":{"order":1,"body":"[]","params":{"replay_id":"r"}}}]');
      leave();
      expect(await stored()).toEqual({ replays: 1, batches: 1 });
      recorderHost = null;
      allowed = false;
      await page({ record_sessions_percent: 100 });
      expect(await stored()).toEqual({ replays: 0, batches: 0 });
      expect(sessionStorage.getItem(stashKey('hindsight', token))).toBeNull();
      // Not even loaded to deliver what waited.
      expect(recorderHost).toBeNull();
      expect(recorder.deliver).not.toHaveBeenCalled();
    });

    it('an opted-out page also deletes what other tabs of the site left waiting, orphaned or not', async () => {
      const reg = await registry();
      const queue = new IdbQueue(await openDb());
      for (const tab of ['open-tab', 'closed-tab']) {
        const record = await reg.create(tab, Date.now(), 'u');
        await queue.append(record.key, storedBatch(0, 1, record.replay_id));
      }
      allowed = false;
      await page({ record_sessions_percent: 100 });
      expect(await stored()).toEqual({ replays: 0, batches: 0 });
    });

    it('commands given before the page decided do not start a replay once it finds the visitor opted out', async () => {
      allowed = false;
      const ctl = new RecordingController({
        config: resolveConfig(token, 'hindsight', { record_manually: true }, 'https://hs.example.com'),
        track: (event) => tracked.push({ event }),
        identity: () => ({ distinct_id: 'visitor' }),
        allowed: () => allowed,
        log: createLogger(() => false),
      });
      const ready = ctl.init();
      ctl.command('start');
      await ready;
      expect(ctl.state).toBe('off');
      expect(tracked).toEqual([]);
    });

    it('manual mode: start_session_recording starts nothing while the visitor is opted out', async () => {
      allowed = false;
      const ctl = await page({ record_manually: true });
      ctl.command('start');
      expect(ctl.state).toBe('off');
      expect(sessionStorage.getItem(forcedKey('hindsight', token))).toBeNull();
      await settle(30);
      expect(recorderHost).toBeNull();
    });

    it('opting out mid-recording ends the replay, has the recorder drop what it holds, and deletes what waits in IndexedDB', async () => {
      const ctl = await leaveBatchWaiting();
      ctl.command('stop'); // an earlier replay of the tab, ended with a batch still waiting
      ctl.command('start');
      await settle(30);
      const record = (await current(ctl))!;
      await new IdbQueue(await openDb()).append(record.key, storedBatch(0, 1, record.replay_id));
      expect(await stored()).toEqual({ replays: 2, batches: 2 });
      allowed = false;
      ctl.discard();
      expect(recorder.discard).toHaveBeenCalled();
      expect(ctl.state).toBe('off');
      expect(ctl.properties()).toEqual({});
      expect(ctl.replayUrl()).toBeNull();
      await settle(30);
      expect(await stored()).toEqual({ replays: 0, batches: 0 });
      expect(sessionStorage.getItem(forcedKey('hindsight', token))).toBeNull();
      ctl.command('start');
      expect(ctl.state).toBe('off');
    });

    it('an opt-out in another tab, found by the recorder, discards this tab’s replay the same way', async () => {
      const ctl = await leaveBatchWaiting();
      allowed = false;
      recorderHost!.optedOut();
      expect(recorder.discard).toHaveBeenCalled();
      expect(ctl.state).toBe('off');
      await settle(30);
      expect(await stored()).toEqual({ replays: 0, batches: 0 });
      // Nothing comes back after an idle timeout or at the maximum length either.
      recorderHost!.expired('max');
      document.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
      expect(ctl.state).toBe('off');
    });

    it('an opt-out in another tab while a new replay is being registered: the recorder is never loaded, the replay ends', async () => {
      const ctl = await page();
      ctl.command('start');
      allowed = false; // before the registry has written the new replay
      await settle(30);
      expect(recorderHost).toBeNull();
      expect(ctl.state).toBe('off');
      expect(ctl.properties()).toEqual({});
      expect(await stored()).toEqual({ replays: 0, batches: 0 });
    });

    it('after an idle timeout, an opted-out visitor coming back starts no new replay', async () => {
      const ctl = await page({ record_sessions_percent: 100 });
      recorderHost!.expired('idle');
      allowed = false;
      document.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
      expect(ctl.state).toBe('off');
      expect(tracked.map((t) => t.event)).toEqual(['$mp_session_record']);
    });

    it('a visitor who opts back in is recorded again when the site starts a recording', async () => {
      allowed = false;
      const ctl = await page();
      allowed = true;
      ctl.command('start');
      expect(ctl.state).toBe('recording');
      await settle(30);
      expect(recorder.start).toHaveBeenCalledWith(ctl.replayId);
      expect(await current(ctl)).toMatchObject({ live: true });
    });
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig, type UserConfig } from '../src/config';
import { createLogger } from '../src/log';
import { RECORDER_GLOBAL, type RecorderHost } from '../src/recorder-api';
import { RecordingController } from '../src/recording-controller';
import { stashKey } from '../src/recording-keys';
import { ReplayRegistry } from '../src/replay-registry';
import { sessionStore } from '../src/storage';
import { freshToken, settle } from './helpers';

describe('session recording control', () => {
  let token: string;
  let tracked: Array<{ event: string; replayId?: string }>;
  let recorder: { start: ReturnType<typeof vi.fn>; halt: ReturnType<typeof vi.fn>; discard: ReturnType<typeof vi.fn> };
  let recorderHost: RecorderHost | null;
  let allowed: boolean;

  /** One page load of the SDK: a controller as the instance would create it. */
  function page(config: UserConfig = {}) {
    const ctl: RecordingController = new RecordingController({
      config: resolveConfig(token, 'hindsight', { record_sessions_percent: 0, ...config }, 'https://hs.example.com'),
      track: (event) => tracked.push({ event, replayId: ctl.properties().$mp_replay_id }),
      identity: () => ({ distinct_id: 'visitor' }),
      allowed: () => allowed,
      log: createLogger(() => false),
    });
    ctl.init();
    return ctl;
  }

  /** The page goes away (reload or navigation): it lets go of the tab's replay. */
  const leave = () => dispatchEvent(new Event('pagehide'));
  const registry = () => new ReplayRegistry(sessionStore(), 'hindsight', token).read();

  beforeEach(() => {
    sessionStorage.clear();
    token = freshToken();
    tracked = [];
    recorderHost = null;
    recorder = { start: vi.fn(), halt: vi.fn(), discard: vi.fn() };
    allowed = true;
    (window as unknown as Record<string, unknown>)[RECORDER_GLOBAL] = {
      version: '0.1.0',
      create: (host: RecorderHost) => ((recorderHost = host), recorder),
    };
  });
  afterEach(() => {
    leave();
    vi.useRealTimers();
  });

  it('records nothing and loads no recorder when the tab is not sampled', async () => {
    const ctl = page();
    await settle();
    expect(ctl.state).toBe('off');
    expect(ctl.properties()).toEqual({});
    expect(ctl.replayUrl()).toBeNull();
    expect(recorderHost).toBeNull();
    expect(tracked).toEqual([]);
  });

  it('starts a replay at page load when the tab is sampled and tracks $mp_session_record with its id', async () => {
    const ctl = page({ record_sessions_percent: 100 });
    const replayId = ctl.properties().$mp_replay_id;
    expect(replayId).toMatch(/^[0-9a-f-]{36}$/);
    expect(tracked).toEqual([{ event: '$mp_session_record', replayId }]);
    await settle();
    expect(recorder.start).toHaveBeenCalledWith(replayId);
  });

  it('links to the replay in the dashboard while recording', () => {
    const ctl = page({ record_sessions_percent: 100, dashboard_host: 'https://app.example.com' });
    expect(ctl.replayUrl()).toBe(`https://app.example.com/replays/${ctl.replayId}`);
  });

  it('start forces a recording at 0 percent, and a second start changes nothing', async () => {
    const ctl = page();
    ctl.command('start');
    const replayId = ctl.replayId;
    expect(ctl.state).toBe('recording');
    ctl.command('start');
    expect(ctl.replayId).toBe(replayId);
    expect(tracked.map((t) => t.event)).toEqual(['$mp_session_record']);
    await settle();
    expect(recorder.start).toHaveBeenCalledTimes(1);
  });

  it('pause stops collecting but keeps the replay; resume continues it under the same id', async () => {
    const ctl = page({ record_sessions_percent: 100 });
    const replayId = ctl.replayId;
    await settle();
    ctl.command('pause');
    expect(recorder.halt).toHaveBeenCalledWith(false);
    expect(ctl.properties()).toEqual({});
    expect(ctl.replayUrl()).toBeNull();
    expect(registry()).toMatchObject({ replay_id: replayId, paused: true });
    ctl.command('resume');
    expect(ctl.properties()).toEqual({ $mp_replay_id: replayId });
    await settle();
    expect(recorder.start).toHaveBeenLastCalledWith(replayId);
    expect(tracked.map((t) => t.event)).toEqual(['$mp_session_record']);
  });

  it('resume does nothing unless a replay is paused', async () => {
    const off = page();
    off.command('resume');
    expect(off.state).toBe('off');
    leave();
    const recording = page({ record_sessions_percent: 100 });
    await settle();
    recording.command('resume');
    expect(recorder.start).toHaveBeenCalledTimes(1);
  });

  it('an opted-out visitor is not recorded: no replay, no recorder loaded, not even when the site forces a start', async () => {
    allowed = false;
    sessionStorage.setItem(stashKey('hindsight', token), '[{"params":{"replay_id":"r","seq":0},"events":[{}]}]');
    const ctl = page({ record_sessions_percent: 100 });
    ctl.command('start');
    await settle();
    expect(ctl.state).toBe('off');
    expect(ctl.properties()).toEqual({});
    expect(tracked).toEqual([]);
    expect(recorderHost).toBeNull();
    expect(registry()).toBeNull();
    expect(sessionStorage.getItem(stashKey('hindsight', token))).toBeNull();
  });

  it('opting out mid-recording ends the replay and has the recorder drop what it has not sent', async () => {
    const ctl = page({ record_sessions_percent: 100 });
    await settle();
    allowed = false;
    ctl.discard();
    expect(recorder.discard).toHaveBeenCalled();
    expect(ctl.state).toBe('off');
    expect(ctl.properties()).toEqual({});
    expect(registry()).toBeNull();
    ctl.command('start');
    expect(ctl.state).toBe('off');
  });

  it('stop ends the replay, and the next start begins a new one', async () => {
    const ctl = page({ record_sessions_percent: 100 });
    const first = ctl.replayId;
    await settle();
    ctl.command('stop');
    expect(recorder.halt).toHaveBeenCalledWith(true);
    expect(ctl.properties()).toEqual({});
    expect(registry()).toBeNull();
    ctl.command('start');
    expect(ctl.replayId).not.toBe(first);
    expect(tracked.map((t) => t.event)).toEqual(['$mp_session_record', '$mp_session_record']);
  });

  it('a reload or navigation continues the same replay without a new $mp_session_record', async () => {
    const first = page();
    first.command('start'); // forced, so sampling alone would not record the next page
    const replayId = first.replayId;
    leave();
    const next = page();
    expect(next.state).toBe('recording');
    expect(next.replayId).toBe(replayId);
    expect(tracked.map((t) => t.event)).toEqual(['$mp_session_record']);
    await settle();
    expect(recorder.start).toHaveBeenLastCalledWith(replayId);
  });

  it('a paused replay stays paused on the next page until resumed', async () => {
    const first = page({ record_sessions_percent: 100 });
    const replayId = first.replayId;
    first.command('pause');
    leave();
    const next = page({ record_sessions_percent: 100 });
    expect(next.state).toBe('paused');
    expect(next.properties()).toEqual({});
    next.command('resume');
    expect(next.replayId).toBe(replayId);
  });

  it('loads the recorder to send what the previous page stashed, even when nothing is being recorded', async () => {
    const first = page();
    first.command('start');
    first.command('pause');
    sessionStorage.setItem(`hs_hindsight_${token}_stash`, '[]');
    leave();
    recorderHost = null;
    const next = page();
    expect(next.state).toBe('paused');
    await settle();
    expect(recorderHost).not.toBeNull();
    expect(recorder.start).not.toHaveBeenCalled(); // draining the stash records nothing
  });

  it('a duplicated tab records its own replay instead of writing into the original one', () => {
    const original = page({ record_sessions_percent: 100 });
    // No page hide: the original page is still open while the browser copies its sessionStorage.
    const duplicate = page({ record_sessions_percent: 100 });
    expect(duplicate.replayId).not.toBe(original.replayId);
  });

  it('a duplicated tab that is not recorded forgets the copied replay, even after its own reload', () => {
    const original = page();
    original.command('start');
    const duplicate = page();
    expect(duplicate.state).toBe('off');
    leave();
    expect(page().replayId).toBeNull();
  });

  it('a replay idle past the timeout is replaced by a new one on the next page load', () => {
    vi.useFakeTimers();
    const first = page({ record_sessions_percent: 100 });
    leave();
    vi.setSystemTime(Date.now() + 31 * 60_000);
    const next = page({ record_sessions_percent: 100 });
    expect(next.replayId).not.toBe(first.replayId);
    expect(tracked.map((t) => t.event)).toEqual(['$mp_session_record', '$mp_session_record']);
  });

  it('after an idle timeout the next replay starts when the visitor comes back', async () => {
    const ctl = page({ record_sessions_percent: 100 });
    const first = ctl.replayId;
    await settle();
    recorderHost!.expired('idle');
    expect(recorder.halt).toHaveBeenCalledWith(true);
    expect(ctl.state).toBe('off');
    expect(ctl.properties()).toEqual({});
    document.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    expect(ctl.state).toBe('recording');
    expect(ctl.replayId).not.toBe(first);
  });

  it('an explicit stop is not undone by activity after an idle timeout', async () => {
    const ctl = page({ record_sessions_percent: 100 });
    await settle();
    recorderHost!.expired('idle');
    ctl.command('stop');
    document.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    expect(ctl.state).toBe('off');
  });

  it('reaching the maximum length starts a new replay at once', async () => {
    const ctl = page({ record_sessions_percent: 100 });
    const first = ctl.replayId;
    await settle();
    recorderHost!.expired('max');
    expect(ctl.state).toBe('recording');
    expect(ctl.replayId).not.toBe(first);
    await settle();
    expect(recorder.start).toHaveBeenLastCalledWith(ctl.replayId);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { RecordedEvent } from '@hindsight/types';
import { resolveConfig, type UserConfig } from '../src/config';
import { createLogger } from '../src/log';
import { SessionRecorder } from '../src/recorder/session-recorder';
import { ReplayRegistry } from '../src/replay-registry';
import { sessionStore } from '../src/storage';
import { freshToken, mockFetch, settle, type SentRequest } from './helpers';

type Emit = (event: RecordedEvent) => void;

describe('the session recorder', () => {
  let token: string;
  let net: ReturnType<typeof mockFetch>;
  let emit: Emit;
  let rrwebOptions: Record<string, unknown>;
  let stopRrweb: ReturnType<typeof vi.fn>;
  let expired: Mock<(reason: 'idle' | 'max') => void>;
  let identity: { distinct_id: string; $device_id?: string; $user_id?: string };
  let allowed: boolean;

  const fakeRecord = ((options: Record<string, unknown>) => {
    rrwebOptions = options;
    emit = options.emit as Emit;
    return stopRrweb;
  }) as never;

  /** One page load's recorder, as the core creates it. */
  function recorder(config: UserConfig = {}) {
    return new SessionRecorder(
      {
        config: resolveConfig(token, 'hindsight', config, 'https://hs.example.com'),
        identity: () => identity,
        expired,
        allowed: () => allowed,
        log: createLogger(() => false),
      },
      fakeRecord,
    );
  }

  const registry = () => new ReplayRegistry(sessionStore(), 'hindsight', token);
  /** What rrweb emits when it starts on a page: Meta, then the FullSnapshot. */
  const pageStart = () => {
    emit({ type: 4, data: { href: location.href, width: 1024, height: 768 }, timestamp: Date.now() });
    emit({ type: 2, data: { node: {} }, timestamp: Date.now() });
  };
  const mouseMove = () => emit({ type: 3, data: { source: 1, positions: [] }, timestamp: Date.now() });
  const records = () => net.requests.filter((r) => r.url.pathname === '/record/');
  const query = (r: SentRequest) => Object.fromEntries(r.url.searchParams);
  const body = (r: SentRequest): RecordedEvent[] => JSON.parse(String(r.init.body));
  const gunzip = async (bytes: Uint8Array): Promise<RecordedEvent[]> =>
    JSON.parse(await new Response(new Response(bytes as BodyInit).body!.pipeThrough(new DecompressionStream('gzip'))).text());
  const advance = async (ms: number) => {
    await vi.advanceTimersByTimeAsync(ms);
    await settle(20);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    sessionStorage.clear();
    token = freshToken();
    net = mockFetch();
    stopRrweb = vi.fn();
    rrwebOptions = undefined as never;
    expired = vi.fn<(reason: 'idle' | 'max') => void>();
    identity = { distinct_id: '$device:abc', $device_id: 'abc' };
    allowed = true;
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('starts rrweb with the privacy options', () => {
    const entry = registry().create(Date.now(), 'https://shop.example/');
    recorder().start(entry.replay_id);
    expect(rrwebOptions).toMatchObject({
      maskInputOptions: { input: true, textarea: true, select: true },
      maskTextSelector: '*',
      slimDOMOptions: 'all',
      recordCanvas: false,
    });
  });

  it('sends the first batch a second after start, beginning with Meta and FullSnapshot, with every protocol parameter', async () => {
    const start = Date.now();
    const entry = registry().create(start, 'https://shop.example/start');
    recorder().start(entry.replay_id);
    pageStart();
    await advance(300);
    mouseMove();
    await advance(700);
    const [request] = records();
    expect(records()).toHaveLength(1);
    expect(request.url.origin).toBe('https://hs.example.com');
    expect(request.init.method).toBe('POST');
    expect(request.init.headers).toEqual({ Authorization: 'Basic ' + btoa(token + ':'), 'Content-Type': 'application/octet-stream' });
    expect(query(request)).toEqual({
      replay_id: entry.replay_id,
      seq: '0',
      format: 'body', // jsdom's Blob cannot stream, so no gzip here; see the gzip test
      distinct_id: '$device:abc',
      $device_id: 'abc',
      replay_start_time: String(start / 1000),
      batch_start_time: String(start / 1000),
      replay_length_ms: '300',
      $current_url: location.href,
      replay_start_url: 'https://shop.example/start',
      mp_lib: 'web',
      $lib_version: '0.1.0',
    });
    expect(body(request).map((e) => e.type)).toEqual([4, 2, 3]);
  });

  it('sends $user_id once the visitor is identified', async () => {
    const entry = registry().create(Date.now(), 'u');
    recorder().start(entry.replay_id);
    identity = { distinct_id: 'ada', $device_id: 'abc', $user_id: 'ada' };
    pageStart();
    await advance(1000);
    expect(query(records()[0])).toMatchObject({ distinct_id: 'ada', $user_id: 'ada' });
  });

  it('compresses batches with gzip where the browser can', async () => {
    // jsdom's Blob cannot stream; the runtime's own can (and its CompressionStream runs on real time).
    vi.useRealTimers();
    vi.stubGlobal('Blob', (await new Response('').blob()).constructor);
    const entry = registry().create(Date.now(), 'u');
    const rec = recorder();
    rec.start(entry.replay_id);
    pageStart();
    rec.halt(false);
    await vi.waitFor(() => expect(records()).toHaveLength(1));
    const [request] = records();
    expect(query(request).format).toBe('gzip');
    expect((await gunzip(request.init.body as Uint8Array)).map((e) => e.type)).toEqual([4, 2]);
  });

  it('then flushes every 10 seconds, and at once when 1000 events are waiting', async () => {
    const entry = registry().create(Date.now(), 'u');
    recorder().start(entry.replay_id);
    pageStart();
    await advance(1000);
    mouseMove();
    await advance(9999);
    expect(records()).toHaveLength(1);
    await advance(1);
    expect(records().map((r) => query(r).seq)).toEqual(['0', '1']);
    for (let i = 0; i < 1000; i++) mouseMove();
    await advance(0);
    expect(records().map((r) => query(r).seq)).toEqual(['0', '1', '2']);
    expect(body(records()[2])).toHaveLength(1000);
  });

  it('continues the replay after a reload with the next seq and the new page’s snapshot', async () => {
    const entry = registry().create(Date.now(), 'https://shop.example/a');
    recorder().start(entry.replay_id);
    pageStart();
    await advance(1000);
    mouseMove();
    await advance(10_000);
    expect(records().map((r) => query(r).seq)).toEqual(['0', '1']);

    // The next page of the tab: a new recorder on the same sessionStorage, continuing the same replay.
    recorder().start(entry.replay_id);
    pageStart();
    await advance(1000);
    const next = records()[2];
    expect(query(next)).toMatchObject({ replay_id: entry.replay_id, seq: '2', replay_start_url: 'https://shop.example/a' });
    expect(body(next).map((e) => e.type)).toEqual([4, 2]);
  });

  it('at page hide stashes the pending batch with its seq and sends it uncompressed on a keepalive request', async () => {
    const entry = registry().create(Date.now(), 'u');
    recorder().start(entry.replay_id);
    pageStart();
    await advance(1000);
    mouseMove();
    mouseMove();
    dispatchEvent(new Event('pagehide'));
    const stash = JSON.parse(sessionStorage.getItem(`hs_hindsight_${token}_stash`)!);
    expect(stash).toHaveLength(1);
    expect(stash[0].params).toMatchObject({ replay_id: entry.replay_id, seq: 1 });
    expect(stash[0].events).toHaveLength(2);
    await settle(20);
    const [, keepalive] = records();
    expect(keepalive.init.keepalive).toBe(true);
    expect(query(keepalive)).toMatchObject({ seq: '1', format: 'body' });
    expect(body(keepalive)).toHaveLength(2);
    expect(registry().read()!.seq).toBe(2);
  });

  it('the next page re-sends a stashed batch with the same seq before sending its own', async () => {
    const entry = registry().create(Date.now(), 'u');
    const before = recorder();
    before.start(entry.replay_id);
    pageStart();
    await advance(1000);
    net.fetchMock.mockImplementation(() => new Promise(() => {})); // the page dies: nothing comes back
    mouseMove();
    dispatchEvent(new Event('pagehide'));
    await settle(20);

    net = mockFetch();
    recorder().start(entry.replay_id);
    pageStart();
    await advance(1000);
    const sent = records().map((r) => [query(r).seq, body(r).map((e) => e.type)]);
    expect(sent).toEqual([
      ['1', [3]],
      ['2', [4, 2]],
    ]);
    expect(sessionStorage.getItem(`hs_hindsight_${token}_stash`)).toBeNull();
  });

  it('holds batches until the replay is longer than record_min_ms, and drops a replay that never is', async () => {
    const entry = registry().create(Date.now(), 'u');
    const rec = recorder({ record_min_ms: 5000 });
    rec.start(entry.replay_id);
    pageStart();
    await advance(4000);
    mouseMove();
    await advance(6000); // a flush at 1 s and 11 s: nothing long enough yet
    expect(records()).toHaveLength(0);
    mouseMove(); // now 10 s into the replay
    await advance(10_000);
    expect(records().map((r) => body(r).length)).toEqual([4]);

    const short = registry().create(Date.now(), 'u');
    rec.start(short.replay_id);
    pageStart();
    rec.halt(true);
    await advance(20_000);
    expect(records()).toHaveLength(1);
  });

  it('tells the core when the visitor has been idle for record_idle_timeout_ms', async () => {
    const entry = registry().create(Date.now(), 'u');
    recorder({ record_idle_timeout_ms: 60_000 }).start(entry.replay_id);
    pageStart();
    await advance(30_000);
    mouseMove(); // activity pushes the deadline back
    await advance(59_000);
    expect(expired).not.toHaveBeenCalled();
    await advance(1001); // (the report goes out on a 0 ms timer, which fake timers run 1 ms later)
    expect(expired).toHaveBeenCalledWith('idle');
    expect(registry().read()!.last_activity).toBeGreaterThan(entry.last_activity);
  });

  it('tells the core when the replay reaches record_max_ms', async () => {
    const entry = registry().create(Date.now() - 59_000, 'u');
    recorder({ record_max_ms: 60_000 }).start(entry.replay_id);
    await advance(999);
    expect(expired).not.toHaveBeenCalled();
    await advance(1);
    expect(expired).toHaveBeenCalledWith('max');
  });

  it('halting stops rrweb and sends what was collected', async () => {
    const entry = registry().create(Date.now(), 'u');
    const rec = recorder();
    rec.start(entry.replay_id);
    pageStart();
    rec.halt(false);
    expect(stopRrweb).toHaveBeenCalled();
    await settle(20);
    expect(records().map((r) => body(r).map((e) => e.type))).toEqual([[4, 2]]);
  });

  it('discarding on opt-out stops rrweb and sends nothing it collected, stashed batches included', async () => {
    const entry = registry().create(Date.now(), 'u');
    const rec = recorder();
    rec.start(entry.replay_id);
    net.fetchMock.mockImplementation(() => new Promise(() => {})); // the first batch never gets an answer
    pageStart();
    await advance(1000);
    mouseMove();
    dispatchEvent(new Event('visibilitychange')); // jsdom stays visible: nothing is stashed by this
    sessionStorage.setItem(`hs_hindsight_${token}_stash`, '[{"params":{"replay_id":"r","seq":1},"events":[{}]}]');
    const sentBefore = records().length;
    allowed = false;
    rec.discard();
    mouseMove();
    dispatchEvent(new Event('pagehide'));
    await advance(30_000);
    expect(stopRrweb).toHaveBeenCalled();
    expect(records()).toHaveLength(sentBefore);
    expect(sessionStorage.getItem(`hs_hindsight_${token}_stash`)).toBeNull();
  });

  it('passes every event through the privacy filter before it is queued', async () => {
    document.body.innerHTML = '<input id="q" placeholder="Your card number">';
    const entry = registry().create(Date.now(), 'u');
    recorder().start(entry.replay_id);
    pageStart();
    // An attribute change on a node the mirror does not know: its text-bearing attributes are masked.
    emit({ type: 3, data: { source: 0, adds: [], removes: [], texts: [], attributes: [{ id: 999, attributes: { placeholder: 'Ada Lovelace' } }] }, timestamp: Date.now() });
    await advance(1000);
    expect(JSON.stringify(body(records()[0]))).not.toContain('Ada Lovelace');
  });

  it('does not record into a replay the tab no longer holds', () => {
    const old = registry().create(Date.now(), 'u');
    registry().create(Date.now(), 'u');
    recorder().start(old.replay_id);
    expect(rrwebOptions).toBeUndefined();
  });
});

import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { RecordedEvent } from '@hindsight/types';
import { resolveConfig, type UserConfig } from '../src/config';
import { openDb, type Db } from '../src/idb';
import type { StoredBatch } from '../src/idb-queue';
import { createLogger } from '../src/log';
import { PART_LOAD_TIMEOUT_MS, RECORDER_PARTS_GLOBAL, type RecorderPartModule } from '../src/recorder/parts';
import { SessionRecorder } from '../src/recorder/session-recorder';
import { ReplayRegistry, type ReplayRecord } from '../src/replay-registry';
import { freshToken, mockFetch, settle, type SentRequest } from './helpers';

type Emit = (event: RecordedEvent) => void;

/** The runtime's gzip: it runs on real time, which fake timers cannot advance, so only the gzip test has it. */
const RuntimeCompressionStream = globalThis.CompressionStream;

describe('the session recorder', () => {
  let token: string;
  let net: ReturnType<typeof mockFetch>;
  let emit: Emit;
  let rrwebOptions: Record<string, unknown>;
  let stopRrweb: ReturnType<typeof vi.fn>;
  let expired: Mock<(reason: 'idle' | 'max') => void>;
  let refused: Mock<(replayId: string) => void>;
  let optedOut: Mock<() => void>;
  let allowed: boolean;
  let identity: { distinct_id: string; $device_id?: string; $user_id?: string };
  const TAB = 'tab-1';
  let db: Db;

  const fakeRecord = ((options: Record<string, unknown>) => {
    rrwebOptions = options;
    emit = options.emit as Emit;
    return stopRrweb;
  }) as never;

  /** One page load's recorder, as the core creates it. */
  function recorder(config: UserConfig = {}) {
    return new SessionRecorder(
      {
        // No parts unless a test asks for one: jsdom never loads a part's script, so the recorder would wait.
        config: resolveConfig(token, 'hindsight', { record_console: false, ...config }, 'https://hs.example.com'),
        recorderSrc: 'https://hs.example.com/sdk/hindsight-recorder.js',
        tabId: TAB,
        db,
        identity: () => identity,
        track: () => {},
        expired,
        refused,
        allowed: () => allowed,
        optedOut,
        log: createLogger(() => false),
      },
      fakeRecord,
    );
  }

  const registry = async () => new ReplayRegistry(await openDb(), 'hindsight', token);
  /** The core registers a replay for the tab, as at the start of a replay. */
  const newReplay = async (start = Date.now(), url = 'u'): Promise<ReplayRecord> => (await registry()).create(TAB, start, url);

  /** A new replay, a recorder started on it, and the page's Meta and FullSnapshot recorded. */
  async function recordingPage(): Promise<ReplayRecord> {
    const entry = await newReplay();
    recorder().start(entry.replay_id);
    await settle(30);
    pageStart();
    return entry;
  }
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
    await settle(60);
  };
  const stashKey = () => `hs_hindsight_${token}_stash`;

  beforeEach(async () => {
    db = await openDb();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.stubGlobal('CompressionStream', undefined);
    sessionStorage.clear();
    token = freshToken();
    net = mockFetch();
    stopRrweb = vi.fn();
    rrwebOptions = undefined as never;
    emit = undefined as never;
    expired = vi.fn<(reason: 'idle' | 'max') => void>();
    refused = vi.fn<(replayId: string) => void>();
    optedOut = vi.fn<() => void>();
    allowed = true;
    identity = { distinct_id: '$device:abc', $device_id: 'abc' };
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('starts rrweb with the privacy options', async () => {
    const entry = await newReplay();
    recorder().start(entry.replay_id);
    await settle(30);
    expect(rrwebOptions).toMatchObject({
      maskInputOptions: { input: true, textarea: true, select: true },
      maskTextSelector: '*',
      slimDOMOptions: 'all',
      recordCanvas: false,
    });
  });

  it('gives rrweb the plugins and options of the parts its options ask for, and lets their events through their sanitiser alone', async () => {
    const parts = ((window as unknown as Record<string, unknown>)[RECORDER_PARTS_GLOBAL] = {}) as Record<string, RecorderPartModule>;
    const plugin = { name: 'test/part@1', options: {} };
    parts.console = {
      create: () => ({
        plugins: [plugin],
        options: { recordCanvas: true },
        sanitisers: [['test/part@1', (event) => (event.data as { payload: string }).payload !== 'secret']],
      }),
    };
    try {
      const entry = await newReplay();
      recorder({ record_console: true }).start(entry.replay_id);
      await settle(30);
      expect(rrwebOptions.plugins).toEqual([plugin]);
      expect(rrwebOptions.recordCanvas).toBe(true);
      pageStart();
      emit({ type: 6, data: { plugin: 'test/part@1', payload: 'kept' }, timestamp: Date.now() });
      emit({ type: 6, data: { plugin: 'test/part@1', payload: 'secret' }, timestamp: Date.now() });
      emit({ type: 6, data: { plugin: 'test/other@1', payload: 'kept too?' }, timestamp: Date.now() });
      await advance(1000);
      const sent = JSON.stringify(body(records()[0]));
      expect(sent).toContain('"kept"');
      expect(sent).not.toContain('secret');
      expect(sent).not.toContain('kept too?');
    } finally {
      delete (window as unknown as Record<string, unknown>)[RECORDER_PARTS_GLOBAL];
    }
  });

  it('records without a part whose script does not load in time', async () => {
    const entry = await newReplay();
    // jsdom never loads the part's script: neither load nor error ever fires, like a server that hangs.
    recorder({ record_console: true }).start(entry.replay_id);
    await advance(1000);
    expect(rrwebOptions).toBeUndefined();
    await advance(PART_LOAD_TIMEOUT_MS);
    expect(rrwebOptions.plugins).toEqual([]);
  });

  it('sends the first batch a second after start, beginning with Meta and FullSnapshot, with every protocol parameter', async () => {
    const start = Date.now();
    const entry = await newReplay(start, 'https://shop.example/start');
    recorder().start(entry.replay_id);
    await settle(30);
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
      format: 'body', // no gzip under fake timers; see the gzip test
      distinct_id: '$device:abc',
      $device_id: 'abc',
      replay_start_time: String(start / 1000),
      batch_start_time: String(start / 1000),
      replay_length_ms: '300',
      $current_url: location.href,
      replay_start_url: 'https://shop.example/start',
      mp_lib: 'web',
      $lib_version: '0.1.0',
      tab_id: TAB,
    });
    expect(body(request).map((e) => e.type)).toEqual([4, 2, 3]);
  });

  it('sends $user_id once the visitor is identified', async () => {
    const entry = await newReplay();
    recorder().start(entry.replay_id);
    await settle(30);
    identity = { distinct_id: 'ada', $device_id: 'abc', $user_id: 'ada' };
    pageStart();
    await advance(1000);
    expect(query(records()[0])).toMatchObject({ distinct_id: 'ada', $user_id: 'ada' });
  });

  it('compresses batches with gzip where the browser can', async () => {
    vi.useRealTimers();
    vi.stubGlobal('CompressionStream', RuntimeCompressionStream);
    const entry = await newReplay();
    const rec = recorder();
    rec.start(entry.replay_id);
    await vi.waitFor(() => expect(emit).toBeDefined());
    pageStart();
    await rec.halt(false);
    await vi.waitFor(() => expect(records()).toHaveLength(1));
    const [request] = records();
    expect(query(request).format).toBe('gzip');
    expect((await gunzip(request.init.body as Uint8Array)).map((e) => e.type)).toEqual([4, 2]);
  });

  it('then flushes every 10 seconds, and at once when 1000 events are waiting', async () => {
    await recordingPage();
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
    const entry = await newReplay(Date.now(), 'https://shop.example/a');
    recorder().start(entry.replay_id);
    await settle(30);
    pageStart();
    await advance(1000);
    mouseMove();
    await advance(10_000);
    expect(records().map((r) => query(r).seq)).toEqual(['0', '1']);

    // The next page of the tab: a new recorder on the same database, continuing the same replay.
    recorder().start(entry.replay_id);
    await settle(30);
    pageStart();
    await advance(1000);
    const next = records()[2];
    expect(query(next)).toMatchObject({ replay_id: entry.replay_id, seq: '2', replay_start_url: 'https://shop.example/a' });
    expect(body(next).map((e) => e.type)).toEqual([4, 2]);
  });

  it('marks a single-page-app navigation with a Meta event carrying the new URL', async () => {
    const entry = await newReplay();
    const rec = recorder();
    rec.start(entry.replay_id);
    await settle(30);
    pageStart();
    history.pushState({}, '', '/checkout?step=2');
    history.replaceState({}, '', '/checkout?step=2#payment');
    dispatchEvent(new HashChangeEvent('hashchange')); // the URL is unchanged since: no second mark
    await rec.halt(false);
    await settle(60);
    const metas = records().flatMap(body).filter((e) => e.type === 4).map((e) => (e.data as { href: string }).href);
    expect(metas.slice(1)).toEqual([`${location.origin}/checkout?step=2`, `${location.origin}/checkout?step=2#payment`]);
  });

  it('at page hide stashes the batch it seals and sends it uncompressed on a keepalive request, as the next seq', async () => {
    const entry = await recordingPage();
    await advance(1000);
    mouseMove();
    mouseMove();
    dispatchEvent(new Event('pagehide'));
    const stash = JSON.parse(sessionStorage.getItem(stashKey())!);
    expect(stash).toHaveLength(1);
    expect(stash[0].batch.params).toMatchObject({ replay_id: entry.replay_id });
    expect(JSON.parse(stash[0].batch.body)).toHaveLength(2);
    await settle(60);
    const [, keepalive] = records();
    expect(keepalive.init.keepalive).toBe(true);
    expect(query(keepalive)).toMatchObject({ seq: '1', format: 'body' });
    expect(body(keepalive)).toHaveLength(2);
    // Stored in IndexedDB meanwhile (and acknowledged): the stash is no longer needed.
    expect(sessionStorage.getItem(stashKey())).toBeNull();
    expect((await (await registry()).get(entry.key))!.seq).toBe(2);
  });

  it('the next page puts what the previous one stashed in its place, when IndexedDB had no time to keep it', async () => {
    const entry = await recordingPage();
    await advance(1000);
    // The page dies: no request answers.
    net.fetchMock.mockImplementation(() => new Promise(() => {}));
    mouseMove();
    dispatchEvent(new Event('pagehide'));
    const stash = sessionStorage.getItem(stashKey())!;
    expect(stash).toBeTruthy();
    await settle(60);
    // What a lost IndexedDB write looks like: the queue never got the batch; only the stash has it.
    const db = await openDb();
    await db.run('readwrite', async (tx) => {
      await tx.delete('batches', [entry.key, 1]);
      const record = (await tx.get<ReplayRecord>('replays', entry.key))!;
      await tx.put('replays', entry.key, { ...record, batches: 0, bytes: 0 });
    });
    sessionStorage.setItem(stashKey(), stash);

    net = mockFetch();
    recorder().start(entry.replay_id);
    await settle(60);
    pageStart();
    await advance(1000);
    const sent = records().map((r) => [query(r).seq, body(r).map((e) => e.type)]);
    expect(sent).toEqual([
      ['1', [3]],
      ['2', [4, 2]],
    ]);
    expect(sessionStorage.getItem(stashKey())).toBeNull();
  });

  it('holds batches until the replay is longer than record_min_ms, and drops a replay that never is', async () => {
    const entry = await newReplay();
    const rec = recorder({ record_min_ms: 5000 });
    rec.start(entry.replay_id);
    await settle(30);
    pageStart();
    await advance(4000);
    mouseMove();
    await advance(6000); // a flush at 1 s and 11 s: nothing long enough yet
    expect(records()).toHaveLength(0);
    mouseMove(); // now 10 s into the replay
    await advance(10_000);
    // Stored as they were sealed (so a reload keeps them), sent once the replay is long enough.
    expect(records().map((r) => body(r).map((e) => e.type))).toEqual([[4, 2], [3, 3]]);

    const reg = await registry();
    const short = await newReplay();
    rec.start(short.replay_id);
    await settle(30);
    pageStart();
    await rec.halt(true);
    await reg.end(short.key);
    rec.deliver();
    await advance(20_000);
    expect(records()).toHaveLength(2);
    expect(await reg.get(short.key)).toBeNull();
  });

  it('tells the core when the visitor has been idle for record_idle_timeout_ms', async () => {
    const entry = await newReplay();
    recorder({ record_idle_timeout_ms: 60_000 }).start(entry.replay_id);
    await settle(30);
    pageStart();
    await advance(30_000);
    mouseMove(); // activity pushes the deadline back
    await advance(59_000);
    expect(expired).not.toHaveBeenCalled();
    await advance(1001); // (the report goes out on a 0 ms timer, which fake timers run 1 ms later)
    expect(expired).toHaveBeenCalledWith('idle');
    expect((await (await registry()).get(entry.key))!.last_activity).toBeGreaterThan(entry.last_activity);
  });

  it('tells the core when the replay reaches record_max_ms', async () => {
    const entry = await newReplay(Date.now() - 59_000);
    recorder({ record_max_ms: 60_000 }).start(entry.replay_id);
    await settle(30);
    await advance(999);
    expect(expired).not.toHaveBeenCalled();
    await advance(1);
    expect(expired).toHaveBeenCalledWith('max');
  });

  it('halting stops rrweb and sends what was collected', async () => {
    const entry = await newReplay();
    const rec = recorder();
    rec.start(entry.replay_id);
    await settle(30);
    pageStart();
    await rec.halt(false);
    expect(stopRrweb).toHaveBeenCalled();
    await settle(60);
    expect(records().map((r) => body(r).map((e) => e.type))).toEqual([[4, 2]]);
  });

  it('stops quietly when the server refuses the replay because capture is paused', async () => {
    net.fetchMock.mockImplementation(async (input: string | URL, init: RequestInit = {}) => {
      net.requests.push({ url: new URL(String(input)), init });
      return new Response('{"code":403,"status":"error","error":"capture_paused","message":"paused"}', { status: 403 });
    });
    const entry = await recordingPage();
    await advance(1000);
    expect(refused).toHaveBeenCalledWith(entry.replay_id);
    await advance(60_000);
    expect(records()).toHaveLength(1);
    expect(net.requests.filter((r) => r.url.pathname === '/record/dropped/')).toEqual([]);
  });

  describe('opt-out', () => {
    /** What waits in IndexedDB for the replay: [position, body]. */
    const waiting = async (key: string) =>
      (await openDb()).run('readonly', async (tx) => (await tx.range<StoredBatch>('batches', [key, -Infinity], [key, Infinity])).map((b) => [b.order, b.body]));
    const hang = () => net.fetchMock.mockImplementation(() => new Promise(() => {}));

    it('discarding stops rrweb, stores and sends nothing more, and forgets the page-hide stash', async () => {
      const entry = await newReplay();
      const rec = recorder();
      rec.start(entry.replay_id);
      await settle(30);
      hang(); // the first batch never gets an answer
      pageStart();
      await advance(1000);
      mouseMove();
      sessionStorage.setItem(stashKey(), '[{"key":"k","batch":{"order":1,"body":"[]","params":{"replay_id":"r"}}}]');
      const sentBefore = records().length;
      allowed = false;
      rec.discard();
      expect(stopRrweb).toHaveBeenCalled();
      expect(sessionStorage.getItem(stashKey())).toBeNull();
      mouseMove();
      dispatchEvent(new Event('pagehide'));
      await advance(30_000);
      expect(records()).toHaveLength(sentBefore);
      expect(sessionStorage.getItem(stashKey())).toBeNull();
      // The batch sealed before the opt-out is the core's to delete; nothing was added after it.
      expect((await waiting(entry.key)).map(([order]) => order)).toEqual([0]);
    });

    it('an opt-out in another tab: the next batch is neither stored nor sent, and the core is told', async () => {
      const entry = await recordingPage();
      await advance(1000);
      expect(records()).toHaveLength(1);
      mouseMove();
      allowed = false;
      await advance(10_001); // the 10 s flush, then the report on a 0 ms timer (run 1 ms later)
      expect(optedOut).toHaveBeenCalled();
      expect(records()).toHaveLength(1);
      expect(await waiting(entry.key)).toEqual([]);
    });

    it('at page hide an opted-out visitor stashes nothing and sends nothing on keepalive', async () => {
      await recordingPage();
      await advance(1000);
      mouseMove();
      allowed = false;
      dispatchEvent(new Event('pagehide'));
      await settle(60);
      expect(sessionStorage.getItem(stashKey())).toBeNull();
      expect(records()).toHaveLength(1);
      expect(records().some((r) => r.init.keepalive)).toBe(false);
      expect(optedOut).toHaveBeenCalled();
    });

    it('at page hide an opted-out visitor stashes nothing, not even a batch IndexedDB has not confirmed yet', async () => {
      const entry = await newReplay();
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const inner = db;
      // A slow IndexedDB: writes wait for the gate.
      db = { persistent: true, run: async (mode, work) => (mode === 'readwrite' && (await gate), inner.run(mode, work)) };
      recorder().start(entry.replay_id);
      await settle(30);
      pageStart();
      await advance(1000); // sealed, waiting to be stored
      allowed = false;
      dispatchEvent(new Event('pagehide'));
      expect(sessionStorage.getItem(stashKey())).toBeNull();
      expect(optedOut).toHaveBeenCalled();
      open();
      await advance(30_000);
      expect(records()).toEqual([]);
    });

    it('drops what the previous page stashed when the visitor opted out while the recorder loaded', async () => {
      const entry = await newReplay();
      recorder().start(entry.replay_id);
      await settle(30);
      hang();
      pageStart();
      await advance(1000);
      mouseMove();
      dispatchEvent(new Event('pagehide'));
      const stash = sessionStorage.getItem(stashKey())!;
      expect(stash).toBeTruthy();
      await settle(60);
      await (await openDb()).run('readwrite', async (tx) => tx.delete('batches', [entry.key, 1]));
      sessionStorage.setItem(stashKey(), stash);
      allowed = false;
      recorder();
      await settle(60);
      expect((await waiting(entry.key)).map(([order]) => order)).toEqual([0]);
      expect(sessionStorage.getItem(stashKey())).toBeNull();
    });
  });

  it('passes every event through the privacy filter before it is stored in IndexedDB or stashed', async () => {
    document.body.innerHTML = '<input id="q" placeholder="Your card number">';
    net.fetchMock.mockImplementation(() => new Promise(() => {})); // nothing is acknowledged: batches stay stored
    const entry = await recordingPage();
    // An attribute change on a node the mirror does not know: its text-bearing attributes are masked.
    const secret = () =>
      emit({ type: 3, data: { source: 0, adds: [], removes: [], texts: [], attributes: [{ id: 999, attributes: { placeholder: 'Ada Lovelace' } }] }, timestamp: Date.now() });
    secret();
    await advance(1000);
    secret();
    dispatchEvent(new Event('pagehide'));
    const stash = sessionStorage.getItem(stashKey())!;
    await settle(60);
    const stored = await (await openDb()).run('readonly', (tx) => tx.range<StoredBatch>('batches', [entry.key, -Infinity], [entry.key, Infinity]));
    expect(stored).toHaveLength(2);
    expect(stash).toContain('placeholder');
    for (const text of [...stored.map((b) => String(b.body)), stash, ...records().map((r) => String(r.init.body))]) {
      expect(text).not.toContain('Ada Lovelace');
    }
  });

  it('does not record into a replay the tab no longer holds', async () => {
    const old = await newReplay();
    await newReplay();
    recorder().start(old.replay_id);
    await settle(30);
    expect(rrwebOptions).toBeUndefined();
  });
});

// The player's loading and seeking schedule, with a stand-in for rrweb (jsdom cannot rebuild pages;
// real rrweb runs in the browser tests) and for the network (each chunk replies when the test says).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordedEvent, ReplayDetail } from '@hindsight/types';

const net = vi.hoisted(() => {
  type Deferred<T> = { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void };
  const deferred = <T,>(): Deferred<T> => {
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
    return { promise, resolve, reject };
  };
  const chunks = new Map<number, Deferred<unknown[]>>();
  const chunk = (seq: number) => {
    if (!chunks.has(seq)) chunks.set(seq, deferred());
    return chunks.get(seq)!;
  };
  const lists = new Map<number, Deferred<unknown>>();
  const list = (after: number) => {
    if (!lists.has(after)) lists.set(after, deferred());
    return lists.get(after)!;
  };
  /** Every request the player made, in order. */
  const requests: string[] = [];
  const reset = () => {
    chunks.clear();
    lists.clear();
    requests.length = 0;
  };
  return { detail: deferred<unknown>(), chunk, list, requests, reset, deferred };
});

vi.mock('../src/api', () => ({
  api: {
    replay: () => (net.requests.push('detail'), net.detail.promise),
    chunk: (_id: string, seq: number) => (net.requests.push(`chunk ${seq}`), net.chunk(seq).promise),
    chunkList: (_id: string, _project: number | null, after: number) => (net.requests.push(`list after ${after}`), net.list(after).promise),
  },
  ApiError: class ApiError extends Error {},
}));

const replayers = vi.hoisted(() => [] as FakeReplayer[]);

/** Just enough of rrweb's Replayer: a clock that runs while playing, and the events it was given. */
class FakeReplayer {
  static now = 0;
  events: RecordedEvent[];
  calls: string[] = [];
  playing = false;
  private offset = 0;
  private since = 0;
  private handlers = new Map<string, (payload?: unknown) => void>();
  speed = 1;

  constructor(events: RecordedEvent[]) {
    this.events = [...events];
  }
  getCurrentTime() {
    return this.playing ? this.offset + (FakeReplayer.now - this.since) * this.speed : this.offset;
  }
  getMetaData() {
    return { startTime: this.events[0].timestamp, endTime: this.events.at(-1)!.timestamp, totalTime: 0 };
  }
  eventsAtLastPlay = 0;
  play(offset = 0) {
    this.calls.push(`play ${offset}`);
    this.eventsAtLastPlay = this.events.length;
    this.offset = offset;
    this.since = FakeReplayer.now;
    this.playing = true;
  }
  eventsAtLastPause = 0;
  pause(offset?: number) {
    this.calls.push(offset === undefined ? 'pause' : `pause ${offset}`);
    this.eventsAtLastPause = this.events.length;
    this.offset = offset ?? this.getCurrentTime();
    this.playing = false;
  }
  /** Like rrweb, takes the event in a microtask. */
  addEvent(event: RecordedEvent) {
    void Promise.resolve().then(() => this.events.push(event));
  }
  setConfig(config: { speed?: number }) {
    if (config.speed) this.speed = config.speed;
  }
  on(name: string, handler: (payload?: unknown) => void) {
    this.handlers.set(name, handler);
    return this;
  }
  emit(name: string, payload?: unknown) {
    this.handlers.get(name)?.(payload);
  }
  destroy() {}
}

vi.mock('../src/lib/replayer', () => ({
  createReplayer: (_root: unknown, events: RecordedEvent[]) => {
    const replayer = new FakeReplayer(events);
    replayers.push(replayer);
    return replayer;
  },
}));

const { PlayerModel } = await import('../src/state/player');

const START = 1_700_000_000_000;
const at = (ms: number) => START + ms;
const click = (ms: number): RecordedEvent => ({ type: 3, data: { source: 2, type: 2, id: 1, x: 1, y: 1 }, timestamp: at(ms) });
const chunkEvents: Record<number, RecordedEvent[]> = {
  0: [{ type: 4, data: { href: 'https://shop.example/', width: 1280, height: 720 }, timestamp: at(0) }, { type: 2, data: {}, timestamp: at(0) }, click(1_000), click(9_000)],
  1: [click(11_000), click(19_000)],
  2: [click(21_000), click(29_000)],
};
const detail: ReplayDetail = {
  projectId: 1, replayId: 'r1', distinctId: 'd1', deviceId: null, userId: null, userName: null, userEmail: null,
  startedAt: at(0), lastEventAt: at(29_000), durationMs: 29_000, startUrl: 'https://shop.example/', urls: [],
  eventCount: 8, clickCount: 6, keypressCount: 0, bytes: 1, chunkCount: 3, browser: null, os: null, device: null, droppedBatches: 0, droppedEvents: 0, live: false, consoleErrorCount: 0, rageClickCount: 0, deadClickCount: 0, expiresAt: Date.UTC(2030, 0, 1),
  chunks: [0, 1, 2].map((seq) => chunkInfo(seq)),
  moreChunks: false,
};
function chunkInfo(seq: number) {
  return { seq, firstTimestamp: chunkEvents[seq][0].timestamp, lastTimestamp: chunkEvents[seq].at(-1)!.timestamp, eventCount: chunkEvents[seq].length, bytes: 1 };
}

const frames: FrameRequestCallback[] = [];
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
};
const deliver = async (seq: number) => {
  net.chunk(seq).resolve(chunkEvents[seq]);
  await settle();
};
/** Runs the player's animation-frame tick, as the browser would on its next frame. */
const frame = () => frames.splice(0).forEach((f) => f(0));

async function open(t: number | null = null, opened: ReplayDetail = detail) {
  const model = new PlayerModel('r1', 1, t);
  void model.start({} as HTMLElement);
  net.detail.resolve(opened);
  await settle();
  return model;
}

beforeEach(() => {
  net.reset();
  net.detail = net.deferred();
  replayers.length = 0;
  FakeReplayer.now = 0;
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
  vi.stubGlobal('cancelAnimationFrame', () => undefined);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the player', () => {
  it('starts playing when the first chunk arrives, before the rest has downloaded', async () => {
    const model = await open();
    expect(model.state.value).toBe('loading');
    expect(model.totalMs.value).toBe(29_000);
    expect(model.totalChunks.value).toBe(3);

    await deliver(0);
    expect(model.state.value).toBe('playing');
    expect(model.loadedChunks.value).toBe(1);
    expect(replayers[0].calls).toEqual(['play 0']);
  });

  it('adds later chunks to the running player in seq order, however they download', async () => {
    const model = await open();
    await deliver(0);
    await deliver(2);
    expect(model.loadedChunks.value).toBe(1);
    await deliver(1);
    expect(model.loadedChunks.value).toBe(3);
    expect(replayers[0].events.map((e) => e.timestamp - START)).toEqual([0, 0, 1_000, 9_000, 11_000, 19_000, 21_000, 29_000]);
    expect(model.state.value).toBe('playing');
  });

  it('keeps data-current-ms moving with the replay clock while playing', async () => {
    const model = await open();
    await deliver(0);
    FakeReplayer.now = 2_500;
    frame();
    expect(model.currentMs.value).toBe(2_500);
  });

  it('waits for the chunks a seek needs, then lands exactly on the moment', async () => {
    const model = await open();
    await deliver(0);
    model.seek(25_000);
    expect(model.state.value).toBe('loading');
    expect(model.currentMs.value).toBe(25_000);

    await deliver(1);
    expect(model.state.value).toBe('loading');
    await deliver(2);
    expect(model.state.value).toBe('playing');
    expect(model.currentMs.value).toBe(25_000);
    expect(replayers[0].calls.at(-1)).toBe('play 25000');
  });

  it('lands a seek only once rrweb holds every chunk before it, when those chunks arrive together', async () => {
    const model = await open();
    await deliver(0);
    model.seek(25_000);
    await deliver(2);
    expect(model.state.value).toBe('loading');
    await deliver(1); // releases chunks 1 and 2 at once

    expect(model.state.value).toBe('playing');
    expect(replayers[0].calls.at(-1)).toBe('play 25000');
    expect(replayers[0].eventsAtLastPlay).toBe(chunkEvents[0].length + chunkEvents[1].length + chunkEvents[2].length);
  });

  it('opens a link with t paused at that moment', async () => {
    const model = await open(15_000);
    await deliver(0);
    expect(model.state.value).toBe('loading');
    await deliver(1);
    expect(model.state.value).toBe('paused');
    expect(model.currentMs.value).toBe(15_000);
    expect(replayers[0].calls).toEqual(['pause 15000']);
  });

  it('lands a shared moment only after the player has every event before it, even when chunks finish out of order', async () => {
    const model = await open(15_000);
    await deliver(1);
    await deliver(0);
    expect(model.state.value).toBe('paused');
    expect(replayers[0].calls).toEqual(['pause 15000']);
    expect(replayers[0].eventsAtLastPause).toBe(chunkEvents[0].length + chunkEvents[1].length);
  });

  it('waits when playback catches up with the download and resumes from the same moment', async () => {
    const model = await open();
    await deliver(0);
    FakeReplayer.now = 9_000;
    replayers[0].emit('finish');
    expect(model.state.value).toBe('loading');

    await deliver(1);
    expect(model.state.value).toBe('playing');
    expect(replayers[0].calls.at(-1)).toBe('play 9000');
  });

  it('ends at the total length once the last chunk has played', async () => {
    const model = await open();
    await deliver(0);
    await deliver(1);
    await deliver(2);
    FakeReplayer.now = 29_000;
    replayers[0].emit('finish');
    expect(model.state.value).toBe('ended');
    expect(model.currentMs.value).toBe(29_000);
    expect(model.wantsPlay.value).toBe(false);
  });

  it('pauses and plays again from where it stopped', async () => {
    const model = await open();
    await deliver(0);
    FakeReplayer.now = 3_000;
    model.togglePlay();
    expect(model.state.value).toBe('paused');
    expect(model.currentMs.value).toBe(3_000);
    model.togglePlay();
    expect(model.state.value).toBe('playing');
    expect(replayers[0].calls.at(-1)).toBe('play 3000');
  });
});

describe('a long replay, whose detail lists only its first chunks', () => {
  const firstPage: ReplayDetail = { ...detail, chunks: [chunkInfo(0)], moreChunks: true };

  it('knows its length and chunk count at once, and lists the rest while the first chunk downloads', async () => {
    const model = await open(null, firstPage);
    expect(model.totalMs.value).toBe(29_000);
    expect(model.totalChunks.value).toBe(3);
    expect(net.requests).toEqual(['detail', 'chunk 0', 'list after 0']);

    await deliver(0);
    expect(model.state.value).toBe('playing');
    net.list(0).resolve({ chunks: [chunkInfo(1), chunkInfo(2)], moreChunks: false });
    await settle();
    expect(net.requests.slice(3)).toEqual(['chunk 1', 'chunk 2']);
    await deliver(1);
    await deliver(2);
    expect(model.loadedChunks.value).toBe(3);
    expect(replayers[0].events).toHaveLength(8);
  });

  it('holds a seek past the listed chunks until the list and the chunks that cover it are in', async () => {
    const model = await open(null, firstPage);
    await deliver(0);
    model.seek(25_000);
    expect(model.state.value).toBe('loading');

    net.list(0).resolve({ chunks: [chunkInfo(1)], moreChunks: true });
    await settle();
    await deliver(1);
    expect(model.state.value).toBe('loading'); // chunk 2 may hold events before 25 s: it is not even listed
    net.list(1).resolve({ chunks: [chunkInfo(2)], moreChunks: false });
    await settle();
    await deliver(2);
    expect(model.state.value).toBe('playing');
    expect(replayers[0].calls.at(-1)).toBe('play 25000');
  });

  it('does not end where the listed chunks end', async () => {
    const model = await open(null, firstPage);
    await deliver(0);
    FakeReplayer.now = 9_000;
    replayers[0].emit('finish');
    expect(model.state.value).toBe('loading');
  });
});

describe('opening', () => {
  it('asks for chunk 0 beside the detail, and only once', async () => {
    const model = new PlayerModel('r1', 1, null);
    void model.start({} as HTMLElement);
    expect(net.requests).toEqual(['detail', 'chunk 0']);

    net.chunk(0).resolve(chunkEvents[0]);
    net.detail.resolve(detail);
    await settle();
    expect(model.state.value).toBe('playing');
    expect(net.requests).toEqual(['detail', 'chunk 0', 'chunk 1', 'chunk 2']);
  });

  it('leaves chunk 0 aside when the detail does not list it', async () => {
    const model = new PlayerModel('r1', 1, null);
    void model.start({} as HTMLElement);
    net.chunk(0).reject(Object.assign(new Error('no chunk 0'), { status: 404 }));
    net.detail.resolve({ ...detail, chunks: [chunkInfo(1), chunkInfo(2)] });
    await settle();
    net.chunk(1).resolve([...chunkEvents[0], ...chunkEvents[1]]);
    await settle();

    expect(model.state.value).toBe('playing');
    expect(net.requests).toEqual(['detail', 'chunk 0', 'chunk 1', 'chunk 2']);
  });
});

describe('skipping inactivity', () => {
  const quiet: Record<number, RecordedEvent[]> = {
    0: [{ type: 4, data: { width: 800, height: 600 }, timestamp: at(0) }, { type: 2, data: {}, timestamp: at(0) }, click(1_000), click(20_000), click(21_000)],
  };
  const quietDetail: ReplayDetail = {
    ...detail,
    lastEventAt: at(21_000),
    chunks: [{ seq: 0, firstTimestamp: at(0), lastTimestamp: at(21_000), eventCount: 5, bytes: 1 }],
  };

  async function openQuiet(t: number | null = null) {
    const model = new PlayerModel('r1', 1, t);
    void model.start({} as HTMLElement);
    net.detail.resolve(quietDetail);
    await settle();
    net.chunk(0).resolve(quiet[0]);
    await settle();
    return model;
  }

  it('shades the stretch with no interaction', async () => {
    const model = await openQuiet();
    expect(model.inactive.value).toEqual([[1_000, 20_000]]);
  });

  it('jumps over it while playing', async () => {
    const model = await openQuiet();
    FakeReplayer.now = 1_500;
    frame();
    expect(replayers[0].calls.at(-1)).toBe('play 20000');
    expect(model.currentMs.value).toBe(20_000);
  });

  it('plays through it when switched off', async () => {
    const model = await openQuiet();
    model.setSkipInactive(false);
    FakeReplayer.now = 1_500;
    frame();
    expect(replayers[0].calls).toEqual(['play 0']);
    expect(model.currentMs.value).toBe(1_500);
  });

  it('stays in a stretch the user seeked into on purpose', async () => {
    const model = await openQuiet();
    model.seek(5_000);
    FakeReplayer.now = 100;
    frame();
    expect(replayers[0].calls.at(-1)).toBe('play 5000');
    expect(model.currentMs.value).toBe(5_100);
  });

  it('plays a shared moment inside a stretch instead of jumping away from it', async () => {
    const model = await openQuiet(5_000);
    expect(model.state.value).toBe('paused');
    model.play();
    FakeReplayer.now = 100;
    frame();
    expect(replayers[0].calls).toEqual(['pause 5000', 'play 5000']);
    expect(model.currentMs.value).toBe(5_100);
  });
});

describe('a chunk that cannot be downloaded', () => {
  it('leaves what has arrived watchable and reports the gap when playback reaches it', async () => {
    const model = await open();
    await deliver(0);
    net.chunk(1).reject(Object.assign(new Error('gone'), { status: 404 }));
    await settle();
    expect(model.state.value).toBe('playing');

    FakeReplayer.now = 9_000;
    replayers[0].emit('finish');
    expect(model.state.value).toBe('error');
    expect(model.error.value).toBe('Part of this replay could not be loaded.');
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import source from '../src/snippet/snippet.js?raw';
import { decodeForm, freshToken, mockBeacon, mockFetch, settle } from './helpers';

/** Pastes the snippet into the page, as the server prints it with its placeholders filled in. */
function pasteSnippet(token: string) {
  new Function(source.split('{{API_HOST}}').join('https://hs.example.com').split('{{TOKEN}}').join(token))();
}

type Call = (...args: unknown[]) => void;
type Stub = unknown[] & { people: Record<string, Call>; track: Call; identify: Call };
const stub = () => (window as unknown as { hindsight: Stub }).hindsight;
const sdkScripts = () => Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]')).filter((s) => s.src.endsWith('/sdk/hindsight.js'));

describe('the install snippet', () => {
  let token: string;
  beforeEach(() => {
    delete (window as unknown as Record<string, unknown>).hindsight;
    sdkScripts().forEach((s) => s.remove());
    localStorage.clear();
    sessionStorage.clear();
    token = freshToken();
  });

  it('is plain ES5 so that it runs, or fails quietly, in any browser', () => {
    expect(source).not.toMatch(/=>|\blet |\bconst |`/);
  });

  it('queues calls, nested ones included, and loads hindsight.js from the server without blocking', () => {
    pasteSnippet(token);
    stub().track('Viewed', { n: 1 });
    stub().people.set({ $name: 'Ada' });
    expect(Array.from(stub())).toEqual([
      ['init', token, { api_host: 'https://hs.example.com', record_sessions_percent: 100 }],
      ['track', 'Viewed', { n: 1 }],
      ['people.set', { $name: 'Ada' }],
    ]);
    const [script] = sdkScripts();
    expect(script.src).toBe('https://hs.example.com/sdk/hindsight.js');
    expect(script.async).toBe(true);
  });

  it('loads the SDK only once when pasted twice', () => {
    pasteSnippet(token);
    pasteSnippet(token);
    expect(sdkScripts()).toHaveLength(1);
  });

  it('hindsight.js replaces the stub and replays the queued calls in the order they were made', async () => {
    const net = mockFetch();
    mockBeacon();
    pasteSnippet(token);
    stub().track('Before identify');
    stub().people.set({ $email: 'ada@example.com' });
    stub().identify('ada');
    stub().track('After identify');

    vi.useFakeTimers();
    vi.resetModules();
    await import('../src/entry-iife');
    const hindsight = window.hindsight as unknown as { __loaded: boolean; get_distinct_id(): string };
    expect(hindsight.__loaded).toBe(true);
    expect(hindsight.get_distinct_id()).toBe('ada');

    await vi.advanceTimersByTimeAsync(5000);
    await settle();
    vi.useRealTimers();
    const sent = (route: string) => net.requests.filter((r) => r.url.pathname === `/${route}/`).flatMap((r) => decodeForm(r.init.body) as Array<Record<string, any>>);
    const events = sent('track').filter((e) => e.event !== '$mp_session_record');
    expect(events.map((e) => [e.event, e.properties.distinct_id])).toEqual([
      ['Before identify', expect.stringMatching(/^\$device:/)],
      ['$identify', 'ada'],
      ['After identify', 'ada'],
    ]);
    expect(sent('engage')).toEqual([expect.objectContaining({ $distinct_id: 'ada', $set: expect.objectContaining({ $email: 'ada@example.com' }) })]);
    expect(events.every((e) => e.properties.$mp_replay_id)).toBe(true);
  });

  it('queues the consent methods and startPlaybackRecording too, so calls made before hindsight.js loads are kept', async () => {
    const net = mockFetch();
    mockBeacon();
    pasteSnippet(token);
    const calls = stub() as unknown as Record<string, Call>;
    calls.opt_out_tracking();
    calls.startPlaybackRecording();
    expect(Array.from(stub()).slice(1)).toEqual([['opt_out_tracking'], ['startPlaybackRecording']]);
    for (const name of ['opt_in_tracking', 'clear_opt_in_out_tracking']) expect(typeof calls[name]).toBe('function');

    vi.useFakeTimers();
    vi.resetModules();
    await import('../src/entry-iife');
    const hindsight = window.hindsight as unknown as { has_opted_out_tracking(): boolean; get_session_recording_properties(): object };
    expect(hindsight.has_opted_out_tracking()).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    await settle();
    vi.useRealTimers();
    expect(hindsight.get_session_recording_properties()).toEqual({});
    expect(net.requests).toEqual([]);
  });

  it('keeps the first copy when hindsight.js is loaded twice', async () => {
    mockFetch();
    pasteSnippet(token);
    vi.resetModules();
    await import('../src/entry-iife');
    const first = window.hindsight;
    vi.resetModules();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await import('../src/entry-iife');
    expect(window.hindsight).toBe(first);
  });
});

declare global {
  interface Window {
    hindsight: unknown;
  }
}

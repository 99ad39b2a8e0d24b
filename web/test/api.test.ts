// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, feedUrl } from '../src/api';
import { route } from '../src/router';

function reply(status: number, body?: unknown, headers: Record<string, string> = {}) {
  return vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json', ...headers },
    }),
  );
}

beforeEach(() => {
  window.history.replaceState(null, '', '/replays/r-1?project=3&t=4500');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('api', () => {
  it('sends JSON with the session cookie', async () => {
    const fetch = reply(200, { email: 'a@example.com', name: null, projects: [] });
    vi.stubGlobal('fetch', fetch);
    await api.login('a@example.com', 'pw');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/auth/login');
    expect(init?.credentials).toBe('include');
    expect(init?.method).toBe('POST');
    expect(new Headers(init?.headers).get('Content-Type')).toBe('application/json');
    expect(JSON.parse(String(init?.body))).toEqual({ email: 'a@example.com', password: 'pw' });
  });

  it('turns a 401 into a redirect to the login page that comes back to the current page', async () => {
    vi.stubGlobal('fetch', reply(401, { error: 'unauthorized', message: 'Log in.' }));
    await expect(api.replays({ projectId: 3 })).rejects.toMatchObject({ status: 401 });
    expect(window.location.pathname).toBe('/login');
    expect(new URLSearchParams(window.location.search).get('next')).toBe('/replays/r-1?project=3&t=4500');
    expect(route.value).toEqual({ name: 'login', next: '/replays/r-1?project=3&t=4500' });
  });

  it('ignores the 401 of a request sent before a sign-in that answered after it', async () => {
    // A replay link's requests go out before the login page; one may answer once its visitor has logged in.
    let answerStale!: (response: Response) => void;
    const stale = new Promise<Response>((resolve) => (answerStale = resolve));
    vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL) =>
      String(input) === '/api/auth/login'
        ? new Response(JSON.stringify({ email: 'a@example.com', name: null, projects: [] }), { status: 200 })
        : stale));
    const detail = api.replays({ projectId: 3 }).catch((e: unknown) => e);
    await api.login('a@example.com', 'pw');
    answerStale(new Response(JSON.stringify({ error: 'unauthorized', message: 'Log in.' }), { status: 401 }));
    expect(await detail).toMatchObject({ status: 401 });
    expect(window.location.pathname).toBe('/replays/r-1');
  });

  it('leaves a wrong password to the login form instead of redirecting', async () => {
    window.history.replaceState(null, '', '/login?next=%2F');
    vi.stubGlobal('fetch', reply(401, { error: 'invalid_credentials', message: 'Wrong email or password.' }));
    const error = await api.login('a@example.com', 'nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(window.location.search).toBe('?next=%2F');
  });

  it('reports the server error code, message and Retry-After', async () => {
    vi.stubGlobal('fetch', reply(429, { error: 'rate_limited', message: 'Slow down.' }, { 'Retry-After': '30' }));
    await expect(api.login('a@example.com', 'pw')).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
      message: 'Slow down.',
      retryAfter: 30,
    });
  });

  it('reports the field a validation error is about', async () => {
    vi.stubGlobal('fetch', reply(400, { error: 'invalid_setting', message: 'recordMinMs must be…', field: 'recordMinMs' }));
    await expect(api.saveProjectSettings(3, {} as never)).rejects.toMatchObject({ status: 400, code: 'invalid_setting', field: 'recordMinMs' });
  });

  it('saves settings with PUT and changes capture with POST', async () => {
    const fetch = reply(200, {});
    vi.stubGlobal('fetch', fetch);
    await api.saveProjectSettings(3, { recordSessionsPercent: 10 } as never);
    await api.setCaptureStatus(3, 'paused');
    expect(fetch.mock.calls.map(([url, init]) => `${init?.method} ${url} ${init?.body}`)).toEqual([
      'PUT /api/projects/3/settings {"recordSessionsPercent":10}',
      'POST /api/projects/3/capture {"status":"paused"}',
    ]);
  });

  it('builds the feed query with only the filters that are set', () => {
    expect(feedUrl({ projectId: 2 })).toBe('/api/replays?project=2');
    expect(feedUrl({ projectId: 2, q: 'ada@example.com', from: 10, to: 20, cursor: 'abc', limit: 50 })).toBe(
      '/api/replays?project=2&q=ada%40example.com&from=10&to=20&cursor=abc&limit=50',
    );
  });

  it('fetches a chunk as a plain list of events', async () => {
    const fetch = reply(200, [{ type: 4, data: {}, timestamp: 1 }]);
    vi.stubGlobal('fetch', fetch);
    expect(await api.chunk('r 1', 2, 3)).toEqual([{ type: 4, data: {}, timestamp: 1 }]);
    expect(fetch.mock.calls[0][0]).toBe('/api/replays/r%201/chunks/2?project=3');
  });
});

// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { route } from '../src/router';
import { loadSession, login, me } from '../src/state/session';

const someone = { email: 'a@example.com', name: null, projects: [] };

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

beforeEach(() => {
  me.value = null;
  window.history.replaceState(null, '', '/replays/r-1?project=3');
  route.value = { name: 'replay', replayId: 'r-1', projectId: 3, t: null };
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the session check', () => {
  it('sends someone not logged in to the login page, to come back here', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { error: 'unauthorized', message: 'Log in.' })));
    await loadSession();
    expect(window.location.pathname).toBe('/login');
    expect(new URLSearchParams(window.location.search).get('next')).toBe('/replays/r-1?project=3');
  });

  it('asks once when asked again while a check is under way', async () => {
    const fetch = vi.fn(async () => json(200, someone));
    vi.stubGlobal('fetch', fetch);
    await Promise.all([loadSession(), loadSession()]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(me.value).toEqual(someone);
  });

  it('leaves alone someone who logged in before its 401 arrived', async () => {
    let answer!: (r: Response) => void;
    vi.stubGlobal('fetch', vi.fn((url: string) =>
      url === '/api/auth/me' ? new Promise<Response>((r) => (answer = r)) : Promise.resolve(json(200, someone))));
    const checking = loadSession();
    await login('a@example.com', 'pw');

    answer(json(401, { error: 'unauthorized', message: 'Log in.' }));
    await checking;
    expect(window.location.pathname).toBe('/replays/r-1');
    expect(me.value).toEqual(someone);
  });
});

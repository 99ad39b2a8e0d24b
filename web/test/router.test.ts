import { describe, expect, it } from 'vitest';
import { parseRoute, safeNext } from '../src/router';

describe('parseRoute', () => {
  it('opens the feed at the root and at the bundle folder', () => {
    const none = { person: null, event: null, url: null, minDurationMs: null };
    expect(parseRoute('/', '')).toEqual({ name: 'feed', filters: none });
    expect(parseRoute('/app/', '')).toEqual({ name: 'feed', filters: none });
  });

  it('reads a replay with its project and start time', () => {
    expect(parseRoute('/replays/0192f3a1-7c2b', '?project=4&t=12500')).toEqual({
      name: 'replay',
      replayId: '0192f3a1-7c2b',
      projectId: 4,
      t: 12_500,
    });
  });

  it('reads a replay link without project or time, as the SDK makes them', () => {
    expect(parseRoute('/replays/abc/', '')).toEqual({ name: 'replay', replayId: 'abc', projectId: null, t: null });
  });

  it('ignores a project or time that is not a number', () => {
    expect(parseRoute('/replays/abc', '?project=x&t=-5')).toEqual({ name: 'replay', replayId: 'abc', projectId: null, t: null });
  });

  it('reads the settings page with its project', () => {
    expect(parseRoute('/projects/3/settings', '')).toEqual({ name: 'settings', projectId: 3 });
    expect(parseRoute('/projects/3/settings/', '')).toEqual({ name: 'settings', projectId: 3 });
  });

  it('leaves /settings to the SDK endpoint there: the server sends old links on to the new page', () => {
    expect(parseRoute('/settings', '?project=3')).toEqual({ name: 'not-found', path: '/settings' });
  });

  it('finds no settings page for a project that is not a number', () => {
    expect(parseRoute('/projects/x/settings', '')).toEqual({ name: 'not-found', path: '/projects/x/settings' });
    expect(parseRoute('/projects/0/settings', '')).toEqual({ name: 'not-found', path: '/projects/0/settings' });
    expect(parseRoute('/projects//settings', '')).toEqual({ name: 'not-found', path: '/projects//settings' });
  });

  it('reads the login page with where to go next', () => {
    expect(parseRoute('/login', '?next=%2Freplays%2Fabc%3Fproject%3D1')).toEqual({ name: 'login', next: '/replays/abc?project=1' });
    expect(parseRoute('/login', '')).toEqual({ name: 'login', next: '/' });
  });

  it('reports anything else as not found', () => {
    expect(parseRoute('/nope', '')).toEqual({ name: 'not-found', path: '/nope' });
    expect(parseRoute('/replays/a/b', '')).toEqual({ name: 'not-found', path: '/replays/a/b' });
  });
});

describe('safeNext', () => {
  it('keeps paths on this site', () => {
    expect(safeNext('/replays/abc?project=1&t=5')).toBe('/replays/abc?project=1&t=5');
  });

  it('refuses other sites, so the login page is no open redirect', () => {
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
  });

  it('refuses paths a browser would read as another site once it drops tabs and newlines', () => {
    for (const next of ['/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/\t\\evil.example', '/%0a/x\u0000', '/a\\b']) {
      expect(safeNext(next)).toBe('/');
    }
  });

  it('keeps an encoded slash as a path, which pushState cannot turn into another site', () => {
    expect(safeNext('/%2f%2fevil.example')).toBe('/%2f%2fevil.example');
  });

  it('does not send a fresh login back to the login page', () => {
    expect(safeNext('/login?next=/')).toBe('/');
  });
});

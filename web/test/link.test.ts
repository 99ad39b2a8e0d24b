import { describe, expect, it } from 'vitest';
import { replayLink, replayPath, settingsPath } from '../src/lib/link';
import { parseRoute } from '../src/router';

describe('the copy-link URL', () => {
  it('names the replay, its project and the moment in ms', () => {
    expect(replayLink('https://hindsight.example.com', 'r-123', 7, 42_500)).toBe(
      'https://hindsight.example.com/replays/r-123?project=7&t=42500',
    );
  });

  it('rounds the moment to whole milliseconds and never goes below zero', () => {
    expect(replayLink('http://127.0.0.1:5000', 'abc', 1, 1234.6)).toBe('http://127.0.0.1:5000/replays/abc?project=1&t=1235');
    expect(replayLink('http://127.0.0.1:5000', 'abc', 1, -3)).toBe('http://127.0.0.1:5000/replays/abc?project=1&t=0');
  });

  it('escapes replay ids that are not URL-safe', () => {
    expect(replayPath('a/b c', 2)).toBe('/replays/a%2Fb%20c?project=2');
  });

  it('opens the same replay at the same moment when followed', () => {
    const url = new URL(replayLink('https://h.example', 'a/b c', 3, 9_000));
    expect(parseRoute(url.pathname, url.search)).toEqual({ name: 'replay', replayId: 'a/b c', projectId: 3, t: 9_000 });
  });
});

describe('the Settings page link', () => {
  it('opens the Settings page of that project when followed', () => {
    expect(settingsPath(12)).toBe('/projects/12/settings');
    expect(parseRoute(settingsPath(12), '')).toEqual({ name: 'settings', projectId: 12 });
  });
});

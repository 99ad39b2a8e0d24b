import { describe, expect, it } from 'vitest';
import { accessLogSearch } from '../src/access-log/AccessLogPage';
import { parseRoute } from '../src/router';

describe('the access log page', () => {
  it('has a route of its own, under its project', () => {
    expect(parseRoute('/projects/4/access-log', '')).toEqual({ name: 'accessLog', projectId: 4 });
    expect(parseRoute('/projects/x/access-log', '').name).toBe('not-found');
  });

  it('asks for the chosen days, member and action, and the page before an id', () => {
    const now = 1_800_000_000_000;
    const search = new URLSearchParams(accessLogSearch({ days: 7, user: ' ada@example.com ', action: 'replay.opened' }, now, 42));
    expect(Object.fromEntries(search)).toEqual({
      from: String(now - 7 * 86_400_000), to: String(now + 1), user: 'ada@example.com', action: 'replay.opened', before: '42',
    });
    expect(accessLogSearch({ days: 30, user: '', action: '' }, now)).toBe(`from=${now - 30 * 86_400_000}&to=${now + 1}`);
  });
});

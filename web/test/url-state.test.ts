import { describe, expect, it } from 'vitest';
import {
  defaultEventsQuery,
  eventsSearch,
  feedSearch,
  funnelSearch,
  parseEventsQuery,
  parseFeedFilters,
  parseFunnelQuery,
  parsePeopleQuery,
  peopleSearch,
  resolveRange,
  type EventsQuery,
  type FunnelQuery,
} from '../src/analytics/url-state';
import { feedPath, personPath, projectPagePath } from '../src/lib/link';
import { parseRoute } from '../src/router';

const DAY = 86_400_000;

describe('the events report URL', () => {
  it('gives back every field of a query it wrote', () => {
    const query: EventsQuery = {
      events: ['Product Viewed', 'Added to Cart'],
      range: { preset: 'custom', from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 15) },
      interval: 'week',
      measure: 'unique',
      breakdown: 'plan',
      filters: [
        { property: 'country', op: 'equals', value: 'FR' },
        { property: 'price', op: 'greater_than', value: 20 },
        { property: '$email', op: 'is_set' },
      ],
    };
    expect(parseEventsQuery(eventsSearch(query))).toEqual(query);
  });

  it('writes nothing for the defaults and reads nothing as the defaults', () => {
    expect(eventsSearch(defaultEventsQuery())).toBe('');
    expect(parseEventsQuery('')).toEqual(defaultEventsQuery());
  });

  it('derives the interval from the range when the link names none: hours for a day', () => {
    expect(parseEventsQuery('range=24h').interval).toBe('hour');
    expect(parseEventsQuery('range=30d').interval).toBe('day');
    const hourly: EventsQuery = { ...defaultEventsQuery(), range: { preset: '24h' }, interval: 'hour' };
    expect(eventsSearch(hourly)).toBe('range=24h');
    expect(parseEventsQuery(eventsSearch({ ...hourly, interval: 'day' })).interval).toBe('day');
  });

  it('survives a hand-edited link: unknown values fall back, malformed filters are dropped', () => {
    const query = parseEventsQuery('event=A&event=A&event=%20&interval=minute&measure=x&range=1y&filters=%5Bnot json');
    expect(query).toEqual({ ...defaultEventsQuery(), events: ['A'] });
    const filters = parseEventsQuery(
      `filters=${encodeURIComponent(JSON.stringify([{ property: 'a', op: 'like', value: 1 }, { property: '', op: 'equals', value: 1 }, { property: 'b', op: 'equals' }, { property: 'c', op: 'is_not_set', value: 'x' }]))}`,
    ).filters;
    expect(filters).toEqual([{ property: 'c', op: 'is_not_set' }]);
  });

  it('keeps at most 10 events', () => {
    const search = Array.from({ length: 12 }, (_, i) => `event=E${i}`).join('&');
    expect(parseEventsQuery(search).events).toHaveLength(10);
  });

  it('reopens the same report from a copied link, through the router', () => {
    const query: EventsQuery = { ...defaultEventsQuery(), events: ['Purchase'], measure: 'unique', breakdown: 'product' };
    const url = new URL(projectPagePath('events', 4, eventsSearch(query)), 'https://h.example');
    expect(parseRoute(url.pathname, url.search)).toEqual({ name: 'events', projectId: 4, query });
  });
});

describe('the funnel URL', () => {
  it('gives back its steps with their filters, range and window', () => {
    const query: FunnelQuery = {
      steps: [
        { event: 'Product Viewed', filters: [{ property: 'product', op: 'contains', value: 'boot' }] },
        { event: 'Added to Cart' },
        { event: 'Checkout Started' },
        { event: 'Purchase' },
      ],
      range: { preset: '7d' },
      windowMs: 7 * DAY,
    };
    expect(parseFunnelQuery(funnelSearch(query))).toEqual(query);
    const url = new URL(projectPagePath('funnels', 2, funnelSearch(query)), 'https://h.example');
    expect(parseRoute(url.pathname, url.search)).toEqual({ name: 'funnels', projectId: 2, query });
  });

  it('defaults to 30 days and a one-day window, and refuses a window past 90 days', () => {
    expect(parseFunnelQuery('')).toEqual({ steps: [], range: { preset: '30d' }, windowMs: DAY });
    expect(parseFunnelQuery(`window=${91 * DAY}`).windowMs).toBe(DAY);
    expect(parseFunnelQuery('window=-5').windowMs).toBe(DAY);
  });

  it('keeps the steps being filled in (no event yet) and at most 10', () => {
    const steps = Array.from({ length: 12 }, (_, i) => ({ event: i === 1 ? '' : `E${i}` }));
    const parsed = parseFunnelQuery(`steps=${encodeURIComponent(JSON.stringify(steps))}`).steps;
    expect(parsed).toHaveLength(10);
    expect(parsed[1]).toEqual({ event: '' });
  });
});

describe('the people list URL', () => {
  it('gives back search, sort and order', () => {
    const query = { q: 'ada@example.com', sort: 'first_seen', order: 'asc' } as const;
    expect(parsePeopleQuery(peopleSearch(query))).toEqual(query);
    expect(peopleSearch({ q: '', sort: 'last_seen', order: 'desc' })).toBe('');
    expect(parsePeopleQuery('sort=age&order=sideways')).toEqual({ q: '', sort: 'last_seen', order: 'desc' });
  });

  it('tells the list from a profile, and a distinct id with slashes survives', () => {
    expect(parseRoute('/projects/3/people', '?q=ada')).toEqual({ name: 'people', projectId: 3, query: { q: 'ada', sort: 'last_seen', order: 'desc' } });
    expect(parseRoute(personPath(3, 'user/7 ä'), '')).toEqual({ name: 'person', projectId: 3, distinctId: 'user/7 ä' });
  });
});

describe('the event definitions URL', () => {
  it('opens the definition panel of ?event=', () => {
    expect(parseRoute('/projects/5/event-definitions', '?event=Added%20to%20Cart')).toEqual({
      name: 'eventDefinitions',
      projectId: 5,
      query: { event: 'Added to Cart' },
    });
    expect(parseRoute('/projects/5/event-definitions', '')).toEqual({ name: 'eventDefinitions', projectId: 5, query: { event: null } });
  });
});

describe('the feed filters URL', () => {
  it('gives back person, event, URL and minimum duration', () => {
    const filters = { person: 'ada@example.com', event: 'Purchase', url: '/checkout', minDurationMs: 30_000 };
    expect(parseFeedFilters(feedSearch(filters))).toEqual(filters);
    const url = new URL(feedPath(filters), 'https://h.example');
    expect(parseRoute(url.pathname, url.search)).toEqual({ name: 'feed', filters });
  });

  it('gives back the console error, rage click and dead click filters, and drops ones that are not positive counts', () => {
    const filters = { person: null, event: null, url: null, minDurationMs: null, hasConsoleErrors: true, minRageClicks: 2, minDeadClicks: 1 };
    expect(feedSearch(filters)).toBe('hasConsoleErrors=true&minRageClicks=2&minDeadClicks=1');
    expect(parseFeedFilters(feedSearch(filters))).toEqual(filters);
    expect(parseFeedFilters('hasConsoleErrors=yes&minRageClicks=-1&minDeadClicks=x')).toEqual({ person: null, event: null, url: null, minDurationMs: null });
  });

  it('ignores a minimum duration that is not a positive number', () => {
    expect(parseFeedFilters('minDurationMs=abc').minDurationMs).toBeNull();
    expect(parseFeedFilters('minDurationMs=0').minDurationMs).toBeNull();
  });
});

describe('a range preset', () => {
  it('counts back from the next whole minute, so reloads within a minute ask the same', () => {
    const now = Date.UTC(2026, 5, 1, 12, 30, 15);
    const end = Date.UTC(2026, 5, 1, 12, 31);
    expect(resolveRange({ preset: '24h' }, now)).toEqual({ from: end - DAY, to: end });
    expect(resolveRange({ preset: '7d' }, now + 30_000)).toEqual({ from: end - 7 * DAY, to: end });
    expect(resolveRange({ preset: 'custom', from: 1, to: 2 }, now)).toEqual({ from: 1, to: 2 });
  });
});

import { describe, expect, it } from 'vitest';
import { eventsBucketReplaysUrl, eventsReportUrl, feedUrl, funnelUrl, peopleUrl } from '../src/api';

const params = (url: string) => new URL(url, 'https://h.example').searchParams;

describe('the analytics requests', () => {
  it('ask for the events report with every event repeated, the viewer offset and the filters as JSON', () => {
    const url = eventsReportUrl(3, {
      events: ['Product Viewed', 'Purchase'], from: 10, to: 20, interval: 'day', measure: 'unique',
      breakdown: null, filters: [{ property: 'plan', op: 'equals', value: 'pro' }], tz: 120,
    });
    expect(url.startsWith('/api/projects/3/insights/events?')).toBe(true);
    const p = params(url);
    expect(p.getAll('event')).toEqual(['Product Viewed', 'Purchase']);
    expect([p.get('from'), p.get('to'), p.get('interval'), p.get('measure'), p.get('tz')]).toEqual(['10', '20', 'day', 'unique', '120']);
    expect(p.has('breakdown')).toBe(false);
    expect(JSON.parse(p.get('filters')!)).toEqual([{ property: 'plan', op: 'equals', value: 'pro' }]);
  });

  it("ask for a point's replays with its breakdown value only under a breakdown", () => {
    const p = params(eventsBucketReplaysUrl(3, { event: 'A', from: 1, to: 2, breakdown: 'plan', breakdownValue: '$other', filters: [], reportFrom: 0, reportTo: 5 }));
    expect([p.get('event'), p.get('breakdown'), p.get('breakdownValue'), p.has('filters')]).toEqual(['A', 'plan', '$other', false]);
    expect([p.get('reportFrom'), p.get('reportTo')]).toEqual(['0', '5']);
    expect(params(eventsBucketReplaysUrl(3, { event: 'A', from: 1, to: 2, breakdown: null, breakdownValue: 'x', filters: [], reportFrom: 0, reportTo: 5 })).has('breakdownValue')).toBe(false);
  });

  it('ask for a funnel part with the steps as JSON, the window, the step and the part', () => {
    const url = funnelUrl(5, { steps: [{ event: 'A' }, { event: 'B' }], from: 1, to: 2, windowMs: 3_600_000 }, '/replays', { step: 1, part: 'dropped' });
    expect(url.startsWith('/api/projects/5/funnels/replays?')).toBe(true);
    const p = params(url);
    expect(JSON.parse(p.get('steps')!)).toEqual([{ event: 'A' }, { event: 'B' }]);
    expect([p.get('window'), p.get('step'), p.get('part')]).toEqual(['3600000', '1', 'dropped']);
  });

  it('ask for people with the search trimmed and the cursor of the next page', () => {
    const p = params(peopleUrl(2, { q: '  ada ', sort: 'email', order: 'asc', cursor: 'c1', limit: 50 }));
    expect([p.get('q'), p.get('sort'), p.get('order'), p.get('cursor'), p.get('limit')]).toEqual(['ada', 'email', 'asc', 'c1', '50']);
  });

  it("filter the feed by person, performed event, visited URL and minimum duration", () => {
    const p = params(feedUrl({ projectId: 1, person: 'ada', event: 'Purchase', url: '/checkout', minDurationMs: 30_000 }));
    expect([p.get('person'), p.get('event'), p.get('url'), p.get('minDurationMs')]).toEqual(['ada', 'Purchase', '/checkout', '30000']);
    expect([...params(feedUrl({ projectId: 1 })).keys()]).toEqual(['project']);
  });
});

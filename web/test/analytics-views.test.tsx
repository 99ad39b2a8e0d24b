// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { ActivitySession, EventDefinitionDetail, EventsReport, ReplayMomentList, ReplaySummary } from '@hindsight/types';
import { ActivitySessions } from '../src/people/ActivitySessions';
import { MomentList } from '../src/ui/MomentList';
import { FunnelBars } from '../src/analytics/FunnelBars';
import { funnelBars } from '../src/analytics/funnel-bars';
import { EventsTable } from '../src/analytics/EventsTable';
import { DefinitionPanel } from '../src/definitions/DefinitionPanel';
import { canEditDefinitions } from '../src/definitions/permissions';
import { FeedRow } from '../src/components/FeedRow';
import { route } from '../src/router';

const T = Date.UTC(2026, 2, 14, 9, 30);

function mount(vnode: preact.ComponentChild): HTMLElement {
  const root = document.createElement('div');
  document.body.appendChild(root);
  act(() => render(vnode, root));
  return root;
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe("a person's sessions", () => {
  const sessions: ActivitySession[] = [
    {
      start: T + 3_600_000,
      end: T + 3_660_000,
      replay: { replayId: 'r-2', startedAt: T + 3_590_000, durationMs: 120_000, offsetMs: 10_000, stitched: true },
      events: [
        { insertId: 'b', name: 'Purchase', time: T + 3_660_000, replayId: null, properties: {} },
        { insertId: 'a', name: 'Checkout Started', time: T + 3_600_000, replayId: null, properties: { $current_url: 'https://shop.example/checkout' } },
      ],
    },
    {
      start: T,
      end: T,
      replay: null,
      events: [{ insertId: 'c', name: 'Imported Order', time: T, replayId: null, properties: {} }],
    },
  ];

  it('shows each session with its events, "Watch recording" 3 s before its first replayed event, or "no replay"', () => {
    const root = mount(<ActivitySessions projectId={4} sessions={sessions} />);
    const rendered = root.querySelectorAll('[data-testid="activity-session"]');
    expect(rendered).toHaveLength(2);

    const link = rendered[0].querySelector<HTMLAnchorElement>('[data-testid="moment-link"]')!;
    expect(link.textContent).toBe('Watch recording');
    expect(link.getAttribute('href')).toBe('/replays/r-2?project=4&t=7000');
    expect(rendered[0].querySelectorAll('[data-testid="activity-event"]')).toHaveLength(2);
    expect(rendered[0].textContent).toContain('https://shop.example/checkout');

    expect(rendered[1].querySelector('[data-testid="moment-link"]')).toBeNull();
    expect(rendered[1].querySelector('[data-testid="moment-no-replay"]')!.textContent).toBe('no replay');
  });

  it('says so when the person has no events', () => {
    expect(mount(<ActivitySessions projectId={4} sessions={[]} />).textContent).toContain('No tracked events');
  });
});

describe('a list of moments', () => {
  const list: ReplayMomentList = {
    items: [
      { insertId: 'm1', name: 'Added to Cart', distinctId: 'ada', time: T, replay: { replayId: 'r-1', startedAt: T - 60_000, durationMs: 90_000, offsetMs: 60_000, stitched: false } },
      { insertId: 'm2', name: 'Added to Cart', distinctId: null, time: T, replay: null },
    ],
    truncated: true,
  };

  it('links each moment to its replay, or says "no replay", and notes a cut list', () => {
    const root = mount(<MomentList projectId={9} moments={list.items} truncated={list.truncated} />);
    const items = root.querySelectorAll('[data-testid="moment"]');
    expect(items[0].querySelector('a')!.getAttribute('href')).toBe('/replays/r-1?project=9&t=57000');
    expect(items[1].querySelector('a')).toBeNull();
    expect(items[1].textContent).toContain('no replay');
    expect(items[1].textContent).toContain('Anonymous');
    expect(root.textContent).toContain('Showing the latest 2.');
  });

  it('opens the player in the dashboard, without a page load', () => {
    window.history.replaceState(null, '', '/projects/9/events');
    const root = mount(<MomentList projectId={9} moments={list.items} truncated={false} />);
    act(() => root.querySelector<HTMLAnchorElement>('[data-testid="moment-link"]')!.click());
    expect(route.value).toEqual({ name: 'replay', replayId: 'r-1', projectId: 9, t: 57_000 });
  });
});

describe('the funnel bars', () => {
  const bars = funnelBars({
    steps: [
      { event: 'Product Viewed', count: 10, conversionFromFirst: 1, conversionFromPrevious: 1, droppedOff: 0, medianMsToConvert: null },
      { event: 'Added to Cart', count: 4, conversionFromFirst: 0.4, conversionFromPrevious: 0.4, droppedOff: 6, medianMsToConvert: 30_000 },
    ],
  });

  it('opens the converted or the dropped-off part of the step clicked, and the top events after a step', () => {
    const onPart = vi.fn();
    const onTop = vi.fn();
    const root = mount(<FunnelBars bars={bars} onPart={onPart} onTopEvents={onTop} />);
    const rendered = root.querySelectorAll('[data-testid="funnel-bar"]');
    expect(rendered[0].querySelector('[data-testid="funnel-dropped"]')).toBeNull();

    act(() => rendered[1].querySelector<HTMLButtonElement>('[data-testid="funnel-dropped"]')!.click());
    act(() => rendered[1].querySelector<HTMLButtonElement>('[data-testid="funnel-converted"]')!.click());
    expect(onPart.mock.calls).toEqual([[{ step: 1, part: 'dropped' }], [{ step: 1, part: 'converted' }]]);

    expect(rendered[1].querySelector('[data-testid="funnel-top-events"]')).toBeNull();
    act(() => rendered[0].querySelector<HTMLButtonElement>('[data-testid="funnel-top-events"]')!.click());
    expect(onTop).toHaveBeenCalledWith(0);
    expect(rendered[1].textContent).toContain('6 dropped off · median 30s');
  });

  it('counts one person as a person', () => {
    const one = funnelBars({
      steps: [
        { event: 'Product Viewed', count: 1, conversionFromFirst: 1, conversionFromPrevious: 1, droppedOff: 0, medianMsToConvert: null },
        { event: 'Purchase', count: 0, conversionFromFirst: 0, conversionFromPrevious: 0, droppedOff: 1, medianMsToConvert: null },
      ],
    });
    const root = mount(<FunnelBars bars={one} onPart={() => {}} onTopEvents={() => {}} />);
    expect([...root.querySelectorAll('[data-testid="funnel-count"]')].map((c) => c.textContent)).toEqual(['1 person', '0 people']);
  });
});

describe('the events table', () => {
  const report: EventsReport = {
    from: T, to: T + 2 * 3_600_000, interval: 'hour', measure: 'total', buckets: [T, T + 3_600_000],
    series: [{ event: 'Purchase', breakdown: null, values: [0, 3], total: 3 }],
  };

  it('makes each non-zero count a way to its replays', () => {
    const onCell = vi.fn();
    const root = mount(<EventsTable report={report} onCellClick={onCell} />);
    const cells = root.querySelectorAll<HTMLButtonElement>('[data-testid="events-cell"]');
    expect(cells).toHaveLength(1);
    act(() => cells[0].click());
    expect(onCell).toHaveBeenCalledWith(0, 1);
  });
});

describe('a feed row', () => {
  const replay: ReplaySummary = {
    projectId: 2, replayId: 'r1', distinctId: 'anon-1', deviceId: null, userId: 'ada@example.com', userName: 'Ada', userEmail: null,
    startedAt: T, lastEventAt: T, durationMs: 1_000, startUrl: null, urls: [], eventCount: 1, clickCount: 0, keypressCount: 0,
    bytes: 1, chunkCount: 1, browser: null, os: null, device: null, droppedBatches: 0, droppedEvents: 0, live: false, consoleErrorCount: 0, rageClickCount: 0, deadClickCount: 0, expiresAt: Date.UTC(2030, 0, 1),
  };

  it("links the user to their profile, not the replay", () => {
    window.history.replaceState(null, '', '/');
    const root = mount(<FeedRow replay={replay} selected={false} />);
    act(() => root.querySelector<HTMLElement>('[data-testid="feed-row-person"]')!.click());
    expect(route.value).toEqual({ name: 'person', projectId: 2, distinctId: 'ada@example.com' });
  });
});

describe('the definition panel', () => {
  const detail: EventDefinitionDetail = {
    name: 'Added to Cart', description: null, count30d: 12, daily: Array(30).fill(0), firstSeen: T, lastSeen: T,
    properties: [{ name: 'product', count: 12, examples: ['camp-mug', 'headlamp'] }],
  };

  function serve() {
    const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
      if (url.endsWith('/replays')) return json({ items: [], truncated: false });
      if (init?.method === 'PUT') return json({ ...detail, description: JSON.parse(String(init.body)).description });
      return json(detail);
    });
    vi.stubGlobal('fetch', fetch);
    // uPlot draws on a canvas, which jsdom lacks; the chart itself is checked in Chromium.
    vi.stubGlobal('ResizeObserver', class { observe() {} disconnect() {} });
    return fetch;
  }

  it('lets admins and architects edit the description, and only them', () => {
    expect(['admin', 'architect', 'analyst', 'viewer'].map((r) => canEditDefinitions(r as never))).toEqual([true, true, false, false]);
  });

  it('shows no editor to a member who may not edit', async () => {
    serve();
    const root = mount(<DefinitionPanel projectId={3} name="Added to Cart" canEdit={false} onClose={() => {}} onSaved={() => {}} />);
    await vi.waitFor(() => expect(root.querySelector('[data-testid="definition-properties"]')).not.toBeNull());
    expect(root.textContent).toContain('camp-mug, headlamp');
    expect(root.querySelector('[data-testid="definition-edit"]')).toBeNull();
  });

  it('saves an edited description with PUT and shows it', async () => {
    const fetch = serve();
    const onSaved = vi.fn();
    const root = mount(<DefinitionPanel projectId={3} name="Added to Cart" canEdit onClose={() => {}} onSaved={onSaved} />);
    await vi.waitFor(() => expect(root.querySelector('[data-testid="definition-edit"]')).not.toBeNull());
    act(() => root.querySelector<HTMLButtonElement>('[data-testid="definition-edit"]')!.click());
    const input = root.querySelector<HTMLTextAreaElement>('[data-testid="definition-description-input"]')!;
    act(() => {
      input.value = 'A product went into the cart.';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => root.querySelector<HTMLButtonElement>('[data-testid="definition-save"]')!.click());
    await vi.waitFor(() => expect(root.querySelector('[data-testid="definition-description"]')?.textContent).toBe('A product went into the cart.'));
    const put = fetch.mock.calls.find(([, init]) => init?.method === 'PUT')!;
    expect(put[0]).toBe('/api/projects/3/event-definitions/Added%20to%20Cart');
    expect(JSON.parse(String(put[1]!.body))).toEqual({ description: 'A product went into the cart.' });
    expect(onSaved).toHaveBeenCalled();
  });
});

import { describe, expect, it } from 'vitest';
import type { ReplayTrackedEvent } from '@hindsight/types';
import { activityMarkers, filterActivity, kindCounts } from '../src/player/activity';
import { DevtoolsLog } from '../src/player/devtools';
import { describeElement, PageLog } from '../src/player/page-log';
import { currentIndex } from '../src/lib/playback-index';

const T0 = 1_700_000_000_000;
const tracked = (name: string, offsetMs: number, properties: Record<string, unknown> = {}, stitched = false): ReplayTrackedEvent => ({
  insertId: `${name}-${offsetMs}`, name, time: T0 + offsetMs, offsetMs, stitched, properties,
});
const el = (id: number, tagName: string, attributes: Record<string, string> = {}, childNodes: object[] = []) =>
  ({ type: 2, id, tagName, attributes, childNodes });
const text = (id: number, textContent: string) => ({ type: 3, id, textContent });
const click = (ms: number, id: number) => ({ type: 3, timestamp: T0 + ms, data: { source: 2, type: 2, id, x: 1, y: 1 } });
const mousedown = (ms: number, id: number) => ({ type: 3, timestamp: T0 + ms, data: { source: 2, type: 1, id, x: 1, y: 1 } });
const meta = (ms: number, href: string) => ({ type: 4, timestamp: T0 + ms, data: { href, width: 800, height: 600 } });
const snapshot = (ms: number, body: object[]) => ({
  type: 2, timestamp: T0 + ms, data: { node: { type: 0, id: 1, childNodes: [el(2, 'html', {}, [el(3, 'body', {}, body)])] } },
});

describe("the player's activity", () => {
  it('reads clicks with the element they landed on and each page the replay moved to', () => {
    const page = new PageLog();
    page.add([
      meta(0, 'https://shop.test/cart?step=1'),
      snapshot(1, [el(10, 'button', { id: 'pay', class: 'btn primary' }, [text(11, 'Pay   now')]), el(12, 'div', { class: 'card wide' })]),
      click(500, 10),
      mousedown(600, 12),
      click(700, 12),
      meta(900, 'https://shop.test/cart?step=1'), // the same URL again is no navigation
      meta(1000, 'https://shop.test/done'),
    ] as never, T0);
    // A node added later is described too.
    page.add([{ type: 3, timestamp: T0 + 1100, data: { source: 0, adds: [{ parentId: 3, node: el(20, 'a', { 'aria-label': 'Help' }) }] } }, click(1200, 20), click(1300, 99)] as never, T0);
    expect(page.clicks.map((c) => [c.ms, c.target])).toEqual([
      [500, 'button#pay "Pay now"'], [700, 'div.card'], [1200, 'a "Help"'], [1300, 'an element'],
    ]);
    expect(page.navigations.map((n) => [n.ms, n.href])).toEqual([[0, 'https://shop.test/cart?step=1'], [1000, 'https://shop.test/done']]);
  });

  it('cuts long text and never reads scripts or styles', () => {
    expect(describeElement(el(1, 'p', {}, [el(2, 'script', {}, [text(3, 'secret()')]), text(4, 'x'.repeat(60))]) as never))
      .toBe(`p "${'x'.repeat(39)}…"`);
    expect(describeElement(el(1, 'input', { type: 'submit', value: 'Send' }) as never)).toBe('input "Send"');
  });

  it('puts every kind on one time line, rage and dead clicks from the tracked events, and heatmap clicks only once', () => {
    const page = new PageLog();
    page.add([meta(0, 'https://shop.test/'), snapshot(1, [el(10, 'button', { id: 'buy' })]), click(2000, 10)] as never, T0);
    const devtools = new DevtoolsLog();
    devtools.add([{ type: 6, timestamp: T0 + 1500, data: { plugin: 'rrweb/console@1', payload: { level: 'error', trace: [], payload: ['"boom"'] } } }] as never, T0);
    const markers = activityMarkers([
      tracked('$mp_click', 2000, { $el_tag_name: 'button' }),
      tracked('$mp_rage_click', 2600, { $el_tag_name: 'button', $el_id: 'buy' }),
      tracked('$mp_dead_click', 3000, { $el_tag_name: 'span' }),
      tracked('$mp_page_leave', 3500),
      tracked('Signed up', 12_000, {}, true),
      tracked('Early', -300),
    ], devtools, page, 10_000);
    expect(markers.map((m) => [m.kind, m.ms, m.label])).toEqual([
      ['event', 0, 'Early'],
      ['navigation', 0, 'Opened /'],
      ['console-error', 1500, 'Console error: boom'],
      ['click', 2000, 'Click on button#buy'],
      ['rage-click', 2600, 'Rage click on button#buy'],
      ['dead-click', 3000, 'Dead click on span'],
      ['event', 10_000, 'Signed up'],
    ]);
    expect(markers.at(-1)!.note).toMatch(/by person and time/);
    expect(Object.fromEntries(kindCounts(markers))).toEqual({ event: 2, navigation: 1, 'console-error': 1, click: 1, 'rage-click': 1, 'dead-click': 1 });
    expect(filterActivity(markers, new Set(['rage-click', 'dead-click']), '').map((m) => m.kind)).toEqual(['rage-click', 'dead-click']);
    expect(filterActivity(markers, new Set(), 'BUY').map((m) => m.kind)).toEqual(['click', 'rage-click']);
  });

  it('highlights the last entry at or before the playback time', () => {
    const items = [0, 4_000, 4_000, 9_500].map((ms) => ({ ms }));
    expect(currentIndex(items, -1)).toBe(-1);
    expect(currentIndex(items, 0)).toBe(0);
    expect(currentIndex(items, 3_999)).toBe(0);
    expect(currentIndex(items, 4_000)).toBe(2);
    expect(currentIndex(items, 60_000)).toBe(3);
    expect(currentIndex([], 5)).toBe(-1);
  });
});

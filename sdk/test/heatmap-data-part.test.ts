import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../src/config';
import { definitelyNonInteractive } from '../src/parts/heatmap_data/dead-click';
import { safeHref, safeValue } from '../src/parts/heatmap_data/element-props';
import { heatmapDataPart, observeHeatmapData } from '../src/parts/heatmap_data/entry';
import { RageClickDetector } from '../src/parts/heatmap_data/rage-click';
import { partNames } from '../src/recorder/parts';

type Tracked = { name: string; props: Record<string, unknown>; options?: unknown };

let stop: (() => void) | null = null;
let tracked: Tracked[] = [];

beforeEach(() => {
  tracked = [];
  vi.useFakeTimers();
});
afterEach(() => {
  stop?.();
  stop = null;
  vi.useRealTimers();
  document.body.innerHTML = '';
});

function observe() {
  stop = observeHeatmapData((name, props, options) => tracked.push({ name, props: props!, options }));
}

function click(el: Element, x = 10, y = 10) {
  el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, clientX: x, clientY: y }));
}

const names = () => tracked.map((t) => t.name);

describe('the heatmap data part', () => {
  it('is loaded only when record_heatmap_data is on (off by default, as in mixpanel-browser)', () => {
    expect(partNames(resolveConfig('t', 'hindsight', {}))).not.toContain('heatmap_data');
    expect(partNames(resolveConfig('t', 'hindsight', { record_heatmap_data: true }))).toContain('heatmap_data');
  });

  it('runs as an rrweb plugin for the page alone and emits nothing into the replay', () => {
    const track = vi.fn();
    const [plugin] = heatmapDataPart.create({} as never, {} as never, track).plugins!;
    const emit = vi.fn();
    const frame = {} as Window;
    plugin.observer!(emit, frame, plugin.options)();
    const stopPage = plugin.observer!(emit, window, plugin.options);
    document.body.innerHTML = '<button id="b">Pay</button>';
    click(document.getElementById('b')!);
    stopPage();
    click(document.getElementById('b')!);
    expect(track).toHaveBeenCalledTimes(1);
    expect(track.mock.calls[0][0]).toBe('$mp_click');
    expect(emit).not.toHaveBeenCalled();
  });

  it('sends a click with mixpanel-browser\'s properties and never the element\'s text', () => {
    document.body.innerHTML = '<div class="card" id="c"><a href="/pricing" class="cta big" role="button"><span>Secret text</span></a></div>';
    observe();
    click(document.querySelector('a')!, 40, 50);
    click(document.querySelector('span')!);
    expect(names()).toEqual(['$mp_click', '$mp_click']);
    const props = tracked[0].props;
    expect(props).toMatchObject({
      $event_type: 'click', $el_tag_name: 'a', $el_classes: ['cta', 'big'], $el_attr__href: '/pricing',
      $clientX: 40, $clientY: 50, $captured_for_heatmap: true, $mp_autocapture: true,
    });
    expect((props.$elements as Array<Record<string, unknown>>).map((e) => e.$tag_name)).toEqual(['a', 'div', 'body']);
    // As in mixpanel, the clicked element is the target; the link around it is in $elements, its href sent.
    expect(tracked[1].props).toMatchObject({ $el_tag_name: 'span', $el_attr__href: '/pricing' });
    expect((tracked[1].props.$elements as Array<Record<string, unknown>>).map((e) => e.$tag_name)).toEqual(['span', 'a', 'div', 'body']);
    expect(JSON.stringify(tracked)).not.toContain('Secret');
  });

  it('sends no attributes of sensitive fields and no values shaped like card or social security numbers', () => {
    document.body.innerHTML = '<div class="mp-sensitive"><button name="x" type="button">a</button></div>' +
      '<a id="l" href="4111111111111111">b</a><input type="text" id="t"><div class="mp-no-track"><button id="n">c</button></div>';
    observe();
    click(document.querySelector('button')!);
    expect(tracked[0].props.$target).not.toHaveProperty('$attr-name');
    click(document.getElementById('l')!);
    expect(tracked[1].props.$el_attr__href).toBeUndefined();
    click(document.getElementById('t')!); // a text field: mixpanel sends nothing
    click(document.getElementById('n')!); // mp-no-track: nothing
    expect(tracked).toHaveLength(2);
    expect(safeValue('123-45-6789')).toBe(false);
    expect(safeValue('/home')).toBe(true);
    expect(safeHref('/search?q=ada@example.com#top')).toBe('/search');
    expect(safeHref('https://shop.example.com/cart?token=t')).toBe('https://shop.example.com/cart');
    for (const href of ['mailto:ada@example.com', 'tel:+441234', 'javascript:void(0)', null]) expect(safeHref(href)).toBeNull();
  });

  it('counts the 4th click within 1000 ms of the one before and 30 px of it as a rage click, then starts again', () => {
    const rage = new RageClickDetector();
    const at = [0, 300, 600, 900, 1200, 1500, 1800, 2100];
    expect(at.map((t) => rage.isRageClick(100, 100, t))).toEqual([false, false, false, true, false, false, false, true]);
    expect([0, 300, 600].map((t) => rage.isRageClick(0, 0, t + 5000))).toEqual([false, false, false]);
    expect(rage.isRageClick(40, 0, 5900)).toBe(false); // too far: a new row
    expect([0, 1500, 1600, 1700].map((t) => new RageClickDetector().isRageClick(0, 0, t))).toEqual([false, false, false, false]);
  });

  it('tracks a rage click beside the clicks it is made of', () => {
    document.body.innerHTML = '<button id="b">Go</button>';
    observe();
    for (let i = 0; i < 4; i++) {
      click(document.getElementById('b')!);
      vi.advanceTimersByTime(100);
    }
    expect(names().filter((n) => n === '$mp_click')).toHaveLength(4);
    expect(names().filter((n) => n === '$mp_rage_click')).toHaveLength(1);
  });

  it('tracks a dead click when nothing on the page changes within 500 ms, and none when the page reacts', async () => {
    document.body.innerHTML = '<button id="dead">Nothing</button><button id="live">Opens</button><p id="text">Just text</p>';
    document.getElementById('live')!.addEventListener('click', () => document.body.append(document.createElement('section')));
    observe();
    click(document.getElementById('live')!);
    click(document.getElementById('text')!); // plain text: nothing was expected of it
    await vi.advanceTimersByTimeAsync(1100);
    expect(names()).not.toContain('$mp_dead_click');
    click(document.getElementById('dead')!);
    await vi.advanceTimersByTimeAsync(1100);
    expect(names().filter((n) => n === '$mp_dead_click')).toHaveLength(1);
    expect(tracked.find((t) => t.name === '$mp_dead_click')!.props.$el_tag_name).toBe('button');
  });

  it('judges no click after recording stops', async () => {
    document.body.innerHTML = '<button id="dead">Nothing</button>';
    observe();
    click(document.getElementById('dead')!);
    stop!();
    stop = null;
    await vi.advanceTimersByTimeAsync(1100);
    expect(names()).toEqual(['$mp_click']);
  });

  it('knows what cannot be a dead click: text containers with nothing interactive around them, and head-ish tags', () => {
    document.body.innerHTML = '<div id="plain">a</div><div role="button"><span id="inner">b</span></div><script id="s"></script>';
    expect(definitelyNonInteractive(document.getElementById('plain'))).toBe(true);
    expect(definitelyNonInteractive(document.getElementById('inner'))).toBe(false);
    expect(definitelyNonInteractive(document.getElementById('s'))).toBe(true);
  });

  it('tracks a page leave by beacon when the page is hidden and when the site navigates, once per page', () => {
    observe();
    history.pushState({}, '', '/next');
    expect(names()).toEqual(['$mp_page_leave']);
    expect(tracked[0].props).toMatchObject({ $event_type: 'mp_locationchange', $captured_for_heatmap: true, $max_scroll_percentage: 100 });
    expect(String(tracked[0].props.$current_url)).not.toContain('/next');
    expect(tracked[0].options).toEqual({ transport: 'sendBeacon' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
    document.dispatchEvent(new Event('visibilitychange'));
    delete (document as { hidden?: boolean }).hidden;
    expect(names()).toEqual(['$mp_page_leave', '$mp_page_leave']);
    expect(String(tracked[1].props.$current_url)).toContain('/next');
    history.pushState({}, '', '/');
  });
});

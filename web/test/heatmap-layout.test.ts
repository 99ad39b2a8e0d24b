import { describe, expect, it } from 'vitest';
import type { HeatmapElement, ReplayChunkInfo } from '@hindsight/types';
import { layoutMarks, markAlpha, markPosition, markRadius, pageBox, type Box } from '../src/heatmaps/layout';
import { chunksUntil } from '../src/heatmaps/snapshot';
import { heatmapsSearch, parseHeatmapsQuery } from '../src/analytics/url-state';
import { parseRoute } from '../src/router';

const element = (selector: string, points: HeatmapElement['points']): HeatmapElement => ({
  selector, label: selector, clicks: points.reduce((n, p) => n + p.count, 0), rageClicks: 0, deadClicks: 0, points,
});

describe('heatmap layout', () => {
  it('puts a click at its offset from the corner of its element wherever the element is laid out', () => {
    const wide: Box = { left: 600, top: 100, width: 200, height: 40 };
    const narrow: Box = { left: 10, top: 420, width: 200, height: 40 };
    expect(markPosition(wide, 30, 12)).toEqual({ x: 630, y: 112 });
    expect(markPosition(narrow, 30, 12)).toEqual({ x: 40, y: 432 });
  });

  it('keeps a click inside an element that is smaller than where the visitor clicked it', () => {
    const shrunk: Box = { left: 10, top: 20, width: 100, height: 30 };
    expect(markPosition(shrunk, 180, 35)).toEqual({ x: 110, y: 50 });
    expect(markPosition(shrunk, -4, -1)).toEqual({ x: 10, y: 20 });
  });

  it('draws the elements found, names the ones not found or not shown, and weighs spots against the hottest', () => {
    const boxes = new Map<string, Box | null>([
      ['#buy', { left: 0, top: 0, width: 100, height: 20 }],
      ['#hidden', { left: 0, top: 0, width: 0, height: 0 }],
      ['#gone', null],
    ]);
    const { marks, missing } = layoutMarks(
      [
        element('#buy', [{ x: 5, y: 5, kind: 'click', count: 9 }, { x: 50, y: 10, kind: 'rage', count: 1 }]),
        element('#hidden', [{ x: 1, y: 1, kind: 'click', count: 3 }]),
        element('#gone', [{ x: 1, y: 1, kind: 'dead', count: 3 }]),
        element('#unmeasured', [{ x: 1, y: 1, kind: 'click', count: 1 }]),
      ],
      boxes,
    );
    expect(missing).toEqual(['#hidden', '#gone', '#unmeasured']);
    expect(marks.map((m) => [m.x, m.y, m.kind, m.weight])).toEqual([[5, 5, 'click', 1], [50, 10, 'rage', 1 / 3]]);
    expect(markRadius(marks[0])).toBeGreaterThan(markRadius(marks[1]));
    expect(markAlpha(marks[1])).toBeGreaterThanOrEqual(0.35);
  });

  it('measures a box from the top of the page, not of the window', () => {
    expect(pageBox({ left: 5, top: -30, width: 10, height: 10 }, 0, 400)).toEqual({ left: 5, top: 370, width: 10, height: 10 });
  });

  it('loads only the chunks that began before the moment, in seq order', () => {
    const chunk = (seq: number, first: number): ReplayChunkInfo => ({ seq, firstTimestamp: first, lastTimestamp: first + 9, eventCount: 1, bytes: 1 });
    expect(chunksUntil([chunk(2, 20), chunk(0, 0), chunk(1, 10), chunk(3, 30)], 25).map((c) => c.seq)).toEqual([0, 1, 2]);
  });
});

describe('heatmaps address', () => {
  it('reads back what it writes, and falls back field by field', () => {
    const query = { url: '/product/*', range: { preset: '30d' as const }, selector: 'button#buy', kind: 'rage' as const };
    expect(parseHeatmapsQuery(heatmapsSearch(query))).toEqual(query);
    expect(parseHeatmapsQuery('url=%2F&kind=triple')).toEqual({ url: '/', range: { preset: '7d' }, selector: null, kind: 'click' });
    expect(heatmapsSearch({ url: '/a', range: { preset: '7d' }, selector: null, kind: 'dead' })).toBe('url=%2Fa');
  });

  it('is a route of its project', () => {
    expect(parseRoute('/projects/3/heatmaps', '?url=%2Fproduct%2F*')).toEqual({
      name: 'heatmaps', projectId: 3, query: { url: '/product/*', range: { preset: '7d' }, selector: null, kind: 'click' },
    });
  });
});

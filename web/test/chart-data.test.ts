import { describe, expect, it } from 'vitest';
import type { EventsReport, FunnelReport } from '@hindsight/types';
import { breakdownLabel, bucketQuery, bucketRange, nearestSeries, paddedXRange, seriesLabel, toChartData } from '../src/analytics/chart-data';
import { formatPercent, funnelBars } from '../src/analytics/funnel-bars';
import { sparklinePoints } from '../src/ui/Sparkline';
import { dailyChartData } from '../src/definitions/daily';

const DAY = 86_400_000;
const start = Date.UTC(2026, 2, 1);

const report: EventsReport = {
  from: start,
  to: start + 3 * DAY - 3_600_000,
  interval: 'day',
  measure: 'total',
  buckets: [start, start + DAY, start + 2 * DAY],
  series: [
    { event: 'Purchase', breakdown: 'pro', values: [3, 0, 5], total: 8 },
    { event: 'Purchase', breakdown: '$other', values: [1, 2], total: 3 },
    { event: 'Purchase', breakdown: '$none', values: [0, 0, 1], total: 1 },
  ],
};

describe('the events chart data', () => {
  it('has x in seconds and one line per series, a short series padded with zeros', () => {
    const data = toChartData(report);
    expect(data.xs).toEqual(report.buckets.map((ms) => ms / 1000));
    expect(data.ys).toEqual([[3, 0, 5], [1, 2, 0], [0, 0, 1]]);
    expect(data.labels).toEqual(['Purchase · pro', 'Purchase · Other', 'Purchase · (not set)']);
  });

  it('labels a series without a breakdown by its event alone', () => {
    expect(seriesLabel({ event: 'Signup', breakdown: null })).toBe('Signup');
    expect(breakdownLabel('')).toBe('(empty)');
  });

  it('gives each bucket up to the next one, the last up to the report end', () => {
    expect(bucketRange(report, 0)).toEqual({ from: start, to: start + DAY });
    expect(bucketRange(report, 2)).toEqual({ from: start + 2 * DAY, to: report.to });
  });

  it('asks for the replays of a clicked point with its series, bucket, breakdown and filters', () => {
    const filters = [{ property: 'country', op: 'equals' as const, value: 'FR' }];
    expect(bucketQuery(report, 1, 1, { breakdown: 'plan', filters })).toEqual({
      event: 'Purchase',
      from: start + DAY,
      to: start + 2 * DAY,
      breakdown: 'plan',
      breakdownValue: '$other',
      filters,
      // The chart's range: $other is what the chart ranked past its top values, not the bucket's.
      reportFrom: report.from,
      reportTo: report.to,
    });
    const plain: EventsReport = { ...report, series: [{ event: 'A', breakdown: null, values: [1, 1, 1], total: 3 }] };
    expect(bucketQuery(plain, 0, 0, { breakdown: null, filters: [] })).toMatchObject({ breakdown: null, breakdownValue: null });
  });

  it('keeps the first and the last point half a bucket inside the plot, where a click on them lands', () => {
    expect(paddedXRange([3600, 7200, 10800])).toEqual([1800, 12600]);
    expect(paddedXRange([3600])).toEqual([1800, 5400]);
    expect(paddedXRange([])).toEqual([0, 1]);
  });

  it('picks the shown series nearest the pointer at the clicked bucket', () => {
    const ys = [[3, 0, 5], [1, 2, 0], [0, 0, 1]];
    expect(nearestSeries(ys, 2, 4.2)).toBe(0);
    expect(nearestSeries(ys, 2, 0.9)).toBe(2);
    expect(nearestSeries(ys, 2, 4.2, [false, true, true])).toBe(2);
    expect(nearestSeries(ys, 0, 1, [false, false, false])).toBeNull();
  });
});

describe('the funnel bars', () => {
  const funnel: FunnelReport = {
    steps: [
      { event: 'Product Viewed', count: 200, conversionFromFirst: 1, conversionFromPrevious: 1, droppedOff: 0, medianMsToConvert: null },
      { event: 'Added to Cart', count: 50, conversionFromFirst: 0.25, conversionFromPrevious: 0.25, droppedOff: 150, medianMsToConvert: 95_000 },
      { event: 'Purchase', count: 15, conversionFromFirst: 0.075, conversionFromPrevious: 0.3, droppedOff: 35, medianMsToConvert: null },
    ],
  };

  it('draws each step against the first: converted solid, dropped off above it', () => {
    const bars = funnelBars(funnel);
    expect(bars.map((b) => [b.convertedHeight, b.droppedHeight])).toEqual([[100, 0], [25, 75], [7.5, 17.5]]);
    expect(bars[1]).toMatchObject({ fromFirst: '25%', fromPrevious: '25%', droppedOff: 150, medianToConvert: '1m 35s' });
    expect(bars[2]).toMatchObject({ fromFirst: '7.5%', fromPrevious: '30%', medianToConvert: '—' });
    expect(bars[0]).toMatchObject({ fromPrevious: '—', medianToConvert: '—' });
  });

  it('draws nothing out of an empty first step', () => {
    const empty = funnelBars({ steps: funnel.steps.map((s) => ({ ...s, count: 0, droppedOff: 0 })) });
    expect(empty.every((b) => b.convertedHeight === 0 && b.droppedHeight === 0)).toBe(true);
    expect(formatPercent(Number.NaN)).toBe('—');
  });
});

describe('the sparkline and the definition volume', () => {
  it('puts the largest day at the top and zero at the bottom', () => {
    expect(sparklinePoints([0, 5, 10], 100, 22)).toBe('0,21 50,11 100,1');
    expect(sparklinePoints([0, 0], 10, 10)).toBe('0,9 10,9');
    expect(sparklinePoints([], 10, 10)).toBe('');
  });

  it('ends the 30 days today, oldest first', () => {
    const now = new Date(2026, 4, 20, 15, 0).getTime();
    const { xs, ys } = dailyChartData(Array.from({ length: 30 }, (_, i) => i), now);
    expect(xs.at(-1)).toBe(new Date(2026, 4, 20).getTime() / 1000);
    expect(xs[0]).toBeLessThan(xs[1]);
    expect(ys[29]).toBe(29);
  });
});

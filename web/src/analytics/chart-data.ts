// The events report shaped for its chart and its table, and a clicked point turned back into the
// question "which events are behind it?" (the bucket's from/to and the series' event and breakdown).

import type { EventsInterval, EventsReport, EventsSeries, PropertyFilter } from '@hindsight/types';
import type { EventsBucketQuery } from '../api';

const HOUR = 3_600_000;
const STEP_MS: Record<EventsInterval, number> = { hour: HOUR, day: 24 * HOUR, week: 7 * 24 * HOUR };

/** How a breakdown value reads: the server's "$other" (values past the top 10) and "$none" (missing). */
export function breakdownLabel(value: string): string {
  if (value === '$other') return 'Other';
  if (value === '$none') return '(not set)';
  return value === '' ? '(empty)' : value;
}

export function seriesLabel(series: Pick<EventsSeries, 'event' | 'breakdown'>): string {
  return series.breakdown === null ? series.event : `${series.event} · ${breakdownLabel(series.breakdown)}`;
}

export interface ChartData {
  /** Bucket starts in seconds: uPlot's time scale counts seconds. */
  xs: number[];
  ys: number[][];
  labels: string[];
}

export function toChartData(report: EventsReport): ChartData {
  return {
    xs: report.buckets.map((ms) => ms / 1000),
    // A series shorter than the buckets (it should not be) reads as zeros rather than a broken line.
    ys: report.series.map((s) => report.buckets.map((_, i) => s.values[i] ?? 0)),
    labels: report.series.map(seriesLabel),
  };
}

/**
 * The chart's x range: half a bucket beyond the first and the last. Without it the latest bucket's point sits
 * on the plot's right edge, half outside it, and uPlot takes a click within a pixel of the edge for a drag
 * and drops it: the point a teammate most wants to open would not open.
 */
export function paddedXRange(xs: readonly number[]): [number, number] {
  if (xs.length === 0) return [0, 1];
  const first = xs[0];
  const last = xs[xs.length - 1];
  const half = xs.length > 1 ? (xs[1] - xs[0]) / 2 : 1800;
  return [first - half, last + half];
}

/** The bucket's [from, to): up to the next bucket's start, the last one up to the report's end. */
export function bucketRange(report: Pick<EventsReport, 'buckets' | 'to' | 'interval'>, index: number): { from: number; to: number } {
  const from = report.buckets[index];
  const next = report.buckets[index + 1];
  const to = next ?? Math.min(report.to, from + STEP_MS[report.interval]);
  return { from, to: Math.max(to, from + 1) };
}

/**
 * What "View Replays" of one point asks the server. The report does not repeat the breakdown property,
 * so the query that asked for it passes it in.
 */
export function bucketQuery(
  report: EventsReport,
  seriesIndex: number,
  bucketIndex: number,
  query: { breakdown: string | null; filters: PropertyFilter[] },
): EventsBucketQuery {
  const series = report.series[seriesIndex];
  const grouped = series.breakdown !== null && query.breakdown !== null;
  return {
    event: series.event,
    ...bucketRange(report, bucketIndex),
    breakdown: grouped ? query.breakdown : null,
    breakdownValue: grouped ? series.breakdown : null,
    filters: query.filters,
    reportFrom: report.from,
    reportTo: report.to,
  };
}

/** The series at a clicked bucket whose value is nearest the pointer's height, among those shown. */
export function nearestSeries(ys: readonly (readonly number[])[], bucketIndex: number, value: number, shown?: readonly boolean[]): number | null {
  let best: number | null = null;
  let bestDistance = Infinity;
  ys.forEach((values, i) => {
    if (shown && shown[i] === false) return;
    const distance = Math.abs((values[bucketIndex] ?? 0) - value);
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  });
  return best;
}

/** A bucket's start as its row and tooltip read: the hour for hourly buckets, the day otherwise. */
export function formatBucket(ms: number, interval: EventsInterval): string {
  const date = new Date(ms);
  if (interval === 'hour') return formats.hour().format(date);
  return interval === 'week' ? `Week of ${formats.day().format(date)}` : formats.day().format(date);
}

const once = (options: Intl.DateTimeFormatOptions) => {
  let format: Intl.DateTimeFormat | undefined;
  return () => (format ??= new Intl.DateTimeFormat(undefined, options));
};
const formats = {
  hour: once({ month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }),
  day: once({ year: 'numeric', month: 'short', day: 'numeric' }),
};

/** Series colours, in order; uPlot draws the lines and the legend and the table shows the same swatches. */
export const SERIES_COLOURS = ['#4f6bed', '#e0672b', '#2f9e6a', '#c2417d', '#8a63d2', '#1f8fb3', '#b58a12', '#d14b4b', '#5b6b7a', '#6aa84f', '#a05a2c'];
export const seriesColour = (index: number) => SERIES_COLOURS[index % SERIES_COLOURS.length];

// The funnel report shaped for its bars: each step's converted part and dropped-off part as shares of
// the first step (the bar's full height), with the labels a product manager reads under it.

import type { FunnelReport } from '@hindsight/types';
import { formatDuration } from '../lib/time';

export interface FunnelBar {
  index: number;
  event: string;
  count: number;
  droppedOff: number;
  /** Heights, 0..100, of the bar's full height (the first step's count). */
  convertedHeight: number;
  droppedHeight: number;
  fromFirst: string;
  fromPrevious: string;
  medianToConvert: string;
}

export function funnelBars(report: FunnelReport): FunnelBar[] {
  const first = report.steps[0]?.count ?? 0;
  const share = (n: number) => (first > 0 ? Math.min(100, (n / first) * 100) : 0);
  return report.steps.map((step, index) => ({
    index,
    event: step.event,
    count: step.count,
    droppedOff: index === 0 ? 0 : step.droppedOff,
    convertedHeight: share(step.count),
    droppedHeight: index === 0 ? 0 : share(step.droppedOff),
    fromFirst: formatPercent(step.conversionFromFirst),
    fromPrevious: index === 0 ? '—' : formatPercent(step.conversionFromPrevious),
    medianToConvert: index === 0 || step.medianMsToConvert === null ? '—' : formatDuration(step.medianMsToConvert),
  }));
}

/** 0..1 as "42.5%", whole numbers without a decimal. */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  const pct = Math.round(ratio * 1000) / 10;
  return `${Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/** Conversion windows offered; the server takes any up to 90 days. */
export const WINDOW_CHOICES: readonly { label: string; ms: number }[] = [
  { label: '1 hour', ms: 3_600_000 },
  { label: '1 day', ms: 86_400_000 },
  { label: '7 days', ms: 7 * 86_400_000 },
  { label: '14 days', ms: 14 * 86_400_000 },
  { label: '30 days', ms: 30 * 86_400_000 },
  { label: '90 days', ms: 90 * 86_400_000 },
];

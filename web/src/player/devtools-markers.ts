// Timeline markers for what a developer looks for first: console errors and failed requests.
import type { TimelineMarker } from '../lib/replay-events';
import type { DevtoolsLog } from './devtools';

export function devtoolsMarkers(log: DevtoolsLog, totalMs: number): TimelineMarker[] {
  const clamp = (ms: number) => Math.min(Math.max(0, ms), totalMs);
  return [
    ...log.console.filter((e) => e.level === 'error').map((e) => ({
      key: e.key, ms: clamp(e.ms), label: `Console error: ${e.args.join(' ').slice(0, 80)}`, kind: 'console-error' as const,
    })),
    ...log.network.filter((e) => e.failed).map((e) => ({
      key: e.key, ms: clamp(e.ms), label: `Failed request: ${e.method} ${e.url.slice(0, 80)} (${e.status || 'error'})`, kind: 'failed-request' as const,
    })),
  ];
}

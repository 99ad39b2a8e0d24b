import { useMemo, useState } from 'preact/hooks';
import type { FunnelStepQuery } from '@hindsight/types';
import { api, type FunnelApiQuery } from '../api';
import { navigate } from '../router';
import { projectPagePath } from '../lib/link';
import { MomentsPopover } from '../ui/MomentsPopover';
import { RangePicker } from '../ui/RangePicker';
import { completeFilters } from '../ui/FiltersEditor';
import { useRequest } from '../ui/use-request';
import { FunnelBars } from './FunnelBars';
import { FunnelStepsEditor } from './FunnelStepsEditor';
import { TopEvents } from './TopEvents';
import { WINDOW_CHOICES, funnelBars } from './funnel-bars';
import { MIN_STEPS, compactStep, funnelSearch, resolveRange, type FunnelQuery } from './url-state';

interface Props {
  projectId: number;
  query: FunnelQuery;
}

export type FunnelPart = { step: number; part: 'converted' | 'dropped' };

/** Funnels: steps, range and window in the URL; bars whose parts open the replays behind them. */
export function FunnelsPage({ projectId, query }: Props) {
  const [part, setPart] = useState<FunnelPart | null>(null);
  const [topStep, setTopStep] = useState<number | null>(null);
  const search = funnelSearch(query);
  const change = (next: Partial<FunnelQuery>) => {
    setPart(null);
    setTopStep(null);
    navigate(projectPagePath('funnels', projectId, funnelSearch({ ...query, ...next })));
  };

  const range = useMemo(() => resolveRange(query.range), [search]);
  const steps: FunnelStepQuery[] = query.steps
    .filter((s) => s.event)
    .map((s) => compactStep({ event: s.event, filters: completeFilters(s.filters ?? []) }));
  const apiQuery: FunnelApiQuery = { steps, ...range, windowMs: query.windowMs };
  const ready = steps.length >= MIN_STEPS && steps.length === query.steps.length;
  const report = useRequest(`${projectId}?${search}`, ready ? (signal) => api.funnel(projectId, apiQuery, signal) : null);
  const bars = useMemo(() => (report.data ? funnelBars(report.data) : null), [report.data]);

  return (
    <main class="analytics-page" data-testid="funnels-page">
      <h1 class="analytics-title">Funnels</h1>
      <section class="analytics-controls">
        <FunnelStepsEditor projectId={projectId} steps={query.steps} onChange={(s) => change({ steps: s })} />
        <div class="control-row">
          <RangePicker range={query.range} onChange={(r) => change({ range: r })} />
          <label class="inline-label">
            Conversion window
            <select class="input" data-testid="funnel-window" value={query.windowMs} onChange={(e) => change({ windowMs: Number(e.currentTarget.value) })}>
              {WINDOW_CHOICES.some((c) => c.ms === query.windowMs) ? null : <option value={query.windowMs}>{query.windowMs} ms</option>}
              {WINDOW_CHOICES.map((c) => (
                <option key={c.ms} value={c.ms}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      </section>

      {!ready && <p class="pane-note">Pick at least two steps: each person is counted once, in order, within the window.</p>}
      {report.status === 'error' && (
        <p class="analytics-error" role="alert" data-testid="funnel-error">
          {report.error}
        </p>
      )}
      {ready && bars && (
        <section class="analytics-result" aria-busy={report.status === 'loading'} data-testid="funnel-result">
          <p class="pane-note">Click the converted or the dropped-off part of a step to watch those people's replays.</p>
          <FunnelBars bars={bars} onPart={setPart} onTopEvents={setTopStep} />
          {part && (
            <MomentsPopover
              title={part.part === 'converted' ? `Reached ${bars[part.step].event}` : `Dropped off before ${bars[part.step].event}`}
              projectId={projectId}
              requestKey={`${search}#${part.step}:${part.part}`}
              load={(signal) => api.funnelReplays(projectId, apiQuery, part.step, part.part, signal)}
              onClose={() => setPart(null)}
            />
          )}
          {topStep !== null && bars[topStep + 1] && (
            <TopEvents
              projectId={projectId}
              query={apiQuery}
              requestKey={`${search}#top${topStep}`}
              step={topStep}
              afterEvent={bars[topStep].event}
              missedEvent={bars[topStep + 1].event}
              onClose={() => setTopStep(null)}
            />
          )}
        </section>
      )}
    </main>
  );
}

import { useMemo, useState } from 'preact/hooks';
import type { HeatmapClickKind } from '@hindsight/types';
import { api } from '../api';
import { navigate } from '../router';
import { projectPagePath } from '../lib/link';
import { heatmapsSearch, resolveRange, type HeatmapsQuery } from '../analytics/url-state';
import { MomentList } from '../ui/MomentList';
import { RangePicker } from '../ui/RangePicker';
import { useRequest } from '../ui/use-request';
import { HeatmapStage } from './HeatmapStage';
import { ScrollDepthView } from './ScrollDepthView';

interface Props {
  projectId: number;
  query: HeatmapsQuery;
}

const KINDS: { kind: HeatmapClickKind; label: string }[] = [
  { kind: 'click', label: 'Clicks' },
  { kind: 'rage', label: 'Rage clicks' },
  { kind: 'dead', label: 'Dead clicks' },
];

/** Heatmaps: a page (address or /path/* pattern) and range in the URL; its clicks drawn over it as recorded. */
export function HeatmapsPage({ projectId, query }: Props) {
  const [draft, setDraft] = useState(query.url);
  const change = (next: Partial<HeatmapsQuery>) => navigate(projectPagePath('heatmaps', projectId, heatmapsSearch({ ...query, ...next })));
  const range = useMemo(() => resolveRange(query.range), [JSON.stringify(query.range)]);
  const map = useRequest(`${projectId}|${query.url}|${range.from}|${range.to}`,
    query.url ? (signal) => api.heatmap(projectId, { url: query.url, ...range }, signal) : null);
  const replays = useRequest(`${projectId}|${query.url}|${range.from}|${range.to}|${query.selector}|${query.kind}`,
    query.url && query.selector
      ? (signal) => api.heatmapReplays(projectId, { url: query.url, ...range, selector: query.selector!, kind: query.kind }, signal)
      : null);
  const data = map.data;
  const picked = data?.elements.find((e) => e.selector === query.selector) ?? null;

  return (
    <main class="analytics-page heatmaps-page" data-testid="heatmaps-page">
      <h1 class="analytics-title">Heatmaps</h1>
      <section class="analytics-controls">
        <form
          class="control-row"
          onSubmit={(e) => {
            e.preventDefault();
            change({ url: draft.trim(), selector: null });
          }}
        >
          <label class="inline-label heatmap-url">
            Page
            <input class="input" data-testid="heatmap-url" value={draft} placeholder="/product/* or https://shop.example/pricing"
              maxLength={2048} onInput={(e) => setDraft(e.currentTarget.value)} />
          </label>
          <button type="submit" class="button">Show</button>
          <RangePicker range={query.range} onChange={(r) => change({ range: r })} />
        </form>
        <p class="muted">An address, or a path where * stands for one part of it (/product/*) and ** for any number of parts.</p>
      </section>
      {map.status === 'error' && (
        <p class="analytics-error" role="alert">
          {map.error}
        </p>
      )}
      {!query.url && <p class="pane-note">Name a page to see where its visitors clicked and how far down they scrolled.</p>}
      {data && (
        <div class="heatmap-layout">
          <section class="heatmap-main" aria-label="The page with its clicks">
            <p class="heatmap-totals" data-testid="heatmap-totals">
              {data.clicks.toLocaleString()} clicks · {data.rageClicks.toLocaleString()} rage clicks · {data.deadClicks.toLocaleString()} dead clicks
            </p>
            {data.snapshot?.replay ? (
              <HeatmapStage projectId={projectId} snapshot={data.snapshot} elements={data.elements} selected={query.selector}
                onSelect={(selector) => change({ selector })} />
            ) : (
              <p class="pane-note" data-testid="heatmap-no-snapshot">
                No stored replay of this page to draw it from{data.elements.length ? '; its clicked elements are listed beside.' : '.'}
              </p>
            )}
          </section>
          <aside class="heatmap-side">
            <h2>Elements</h2>
            <table class="data-table" data-testid="heatmap-elements">
              <thead>
                <tr>
                  <th scope="col">Element</th>
                  <th scope="col">Clicks</th>
                  <th scope="col">Rage</th>
                  <th scope="col">Dead</th>
                </tr>
              </thead>
              <tbody>
                {data.elements.map((e) => (
                  <tr key={e.selector} data-testid="heatmap-row" data-selector={e.selector} aria-selected={e.selector === query.selector ? 'true' : undefined}>
                    <th scope="row">
                      <button type="button" class="link-button" title={e.selector} onClick={() => change({ selector: e.selector })}>
                        {e.label}
                      </button>
                    </th>
                    <td class="num">{e.clicks.toLocaleString()}</td>
                    <td class="num">{e.rageClicks.toLocaleString()}</td>
                    <td class="num">{e.deadClicks.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {data.truncated && <p class="moments-note">The {data.elements.length} most clicked elements.</p>}
            {picked && (
              <section class="heatmap-replays" data-testid="heatmap-replays" aria-label={`Replays with clicks on ${picked.label}`}>
                <h2>
                  {picked.label}
                  <button type="button" class="link-button" aria-label="Close" onClick={() => change({ selector: null })}>
                    ×
                  </button>
                </h2>
                <div class="segments" role="group" aria-label="Kind of click">
                  {KINDS.map(({ kind, label }) => (
                    <button key={kind} type="button" class="segment" data-testid={`heatmap-kind-${kind}`}
                      aria-pressed={query.kind === kind ? 'true' : 'false'} onClick={() => change({ kind })}>
                      {label}
                    </button>
                  ))}
                </div>
                {replays.status === 'error' && <p class="analytics-error" role="alert">{replays.error}</p>}
                {replays.data && <MomentList projectId={projectId} moments={replays.data.items} truncated={replays.data.truncated} />}
              </section>
            )}
            <h2>Scroll depth</h2>
            <ScrollDepthView depth={data.scrollDepth} />
          </aside>
        </div>
      )}
    </main>
  );
}

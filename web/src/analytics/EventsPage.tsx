import { useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import { navigate } from '../router';
import { projectPagePath } from '../lib/link';
import { MomentsPopover } from '../ui/MomentsPopover';
import { LineChart } from '../ui/LineChart';
import { RangePicker } from '../ui/RangePicker';
import { FiltersEditor, completeFilters } from '../ui/FiltersEditor';
import { useRequest } from '../ui/use-request';
import { bucketQuery, formatBucket, seriesLabel, toChartData } from './chart-data';
import { EventsTable } from './EventsTable';
import { EventPicker } from './EventPicker';
import { MAX_EVENTS, defaultInterval, eventsSearch, resolveRange, type EventsQuery } from './url-state';

interface Props {
  projectId: number;
  query: EventsQuery;
}

interface OpenPoint {
  series: number;
  bucket: number;
}

/** The events report: its query is the URL's, every change a new address. */
export function EventsPage({ projectId, query }: Props) {
  const [point, setPoint] = useState<OpenPoint | null>(null);
  const search = eventsSearch(query);
  const change = (next: Partial<EventsQuery>) => {
    const merged = { ...query, ...next };
    // A new range brings its own default interval unless one was chosen with it.
    if (next.range && !next.interval) merged.interval = defaultInterval(next.range);
    setPoint(null);
    navigate(projectPagePath('events', projectId, eventsSearch(merged)));
  };

  // A preset range is read against the clock once per query, not on every render.
  const range = useMemo(() => resolveRange(query.range), [search]);
  const filters = completeFilters(query.filters);
  const report = useRequest(
    `${projectId}?${search}`,
    query.events.length
      ? (signal) =>
          api.eventsReport(
            projectId,
            { ...query, ...range, filters, tz: -new Date().getTimezoneOffset() },
            signal,
          )
      : null,
  );
  const data = report.data;
  const chart = useMemo(() => (data ? toChartData(data) : null), [data]);

  return (
    <main class="analytics-page" data-testid="events-page">
      <h1 class="analytics-title">Events</h1>
      <section class="analytics-controls">
        <div class="control-row">
          {query.events.map((event, i) => (
            <span class="picked" key={event}>
              <EventPicker
                projectId={projectId}
                label={`Event ${i + 1}`}
                testId={`events-event-${i}`}
                value={event}
                exclude={query.events}
                onChange={(name) => change({ events: query.events.map((e, j) => (j === i ? name : e)) })}
              />
              <button class="icon-button" type="button" aria-label={`Remove ${event}`} onClick={() => change({ events: query.events.filter((e) => e !== event) })}>
                ×
              </button>
            </span>
          ))}
          {query.events.length < MAX_EVENTS && (
            <EventPicker
              projectId={projectId}
              label="Add an event"
              testId="events-add-event"
              value=""
              exclude={query.events}
              onChange={(name) => name && change({ events: [...query.events, name] })}
            />
          )}
        </div>
        <div class="control-row">
          <RangePicker range={query.range} onChange={(r) => change({ range: r })} />
          <select class="input" aria-label="Interval" data-testid="events-interval" value={query.interval} onChange={(e) => change({ interval: e.currentTarget.value as EventsQuery['interval'] })}>
            <option value="hour">Hourly</option>
            <option value="day">Daily</option>
            <option value="week">Weekly</option>
          </select>
          <select class="input" aria-label="Measure" data-testid="events-measure" value={query.measure} onChange={(e) => change({ measure: e.currentTarget.value as EventsQuery['measure'] })}>
            <option value="total">Total events</option>
            <option value="unique">Unique people</option>
          </select>
          <input
            class="input"
            aria-label="Breakdown by property"
            data-testid="events-breakdown"
            placeholder="Breakdown by property"
            value={query.breakdown ?? ''}
            onChange={(e) => change({ breakdown: e.currentTarget.value.trim() || null })}
          />
        </div>
        <FiltersEditor filters={query.filters} onChange={(f) => change({ filters: f })} testId="events-filters" />
      </section>

      {query.events.length === 0 && <p class="pane-note">Pick one or more events to see how often they happen.</p>}
      {report.status === 'error' && (
        <p class="analytics-error" role="alert" data-testid="events-error">
          {report.error}
        </p>
      )}
      {query.events.length > 0 && data && chart && (
        <section class="analytics-result" aria-busy={report.status === 'loading'} data-testid="events-result">
          <p class="pane-note">Click a point, or a count in the table, to watch the replays behind it.</p>
          <LineChart xs={chart.xs} ys={chart.ys} labels={chart.labels} onPointClick={(series, bucket) => setPoint({ series, bucket })} testId="events-chart" />
          <EventsTable report={data} onCellClick={(series, bucket) => setPoint({ series, bucket })} />
          {point && data.series[point.series] && (
            <MomentsPopover
              title={`${seriesLabel(data.series[point.series])} · ${formatBucket(data.buckets[point.bucket], data.interval)}`}
              projectId={projectId}
              requestKey={`${search}#${point.series}:${point.bucket}`}
              load={(signal) => api.eventsBucketReplays(projectId, bucketQuery(data, point.series, point.bucket, { breakdown: query.breakdown, filters }), signal)}
              onClose={() => setPoint(null)}
            />
          )}
        </section>
      )}
    </main>
  );
}

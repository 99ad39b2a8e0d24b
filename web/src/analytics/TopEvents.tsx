import { useState } from 'preact/hooks';
import { api, type FunnelApiQuery } from '../api';
import { MomentsPopover } from '../ui/MomentsPopover';
import { useRequest } from '../ui/use-request';

interface Props {
  projectId: number;
  query: FunnelApiQuery;
  requestKey: string;
  step: number;
  afterEvent: string;
  missedEvent: string;
  onClose: () => void;
}

/** Heap's Top events: for people who did step k but not k+1, the first thing each did next, ranked by people. */
export function TopEvents({ projectId, query, requestKey, step, afterEvent, missedEvent, onClose }: Props) {
  const [watching, setWatching] = useState<string | null>(null);
  const top = useRequest(requestKey, (signal) => api.funnelTopEvents(projectId, query, step, signal));
  return (
    <section class="top-events" data-testid="funnel-top-events-view" aria-label="Top events">
      <div class="popover-head">
        <h3>Top events</h3>
        <span class="muted">
          after {afterEvent}, instead of {missedEvent}
        </span>
        <button class="icon-button" type="button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {top.status === 'loading' && <span class="spinner spinner-small" aria-label="Loading" />}
      {top.status === 'error' && (
        <p class="analytics-error" role="alert">
          {top.error}
        </p>
      )}
      {top.status === 'ready' && top.data && (
        top.data.events.length === 0 ? (
          <p class="moments-empty">Nobody who stopped here did anything else within the window.</p>
        ) : (
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">People</th>
                <th scope="col">Events</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {top.data.events.map((e) => (
                <tr key={e.name} data-testid="top-event" data-event={e.name}>
                  <th scope="row">{e.name}</th>
                  <td class="num">{e.people.toLocaleString()}</td>
                  <td class="num">{e.count.toLocaleString()}</td>
                  <td>
                    <button type="button" class="link-button" data-testid="top-event-watch" onClick={() => setWatching(e.name)}>
                      Watch recording
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      {watching && (
        <MomentsPopover
          title={`${watching} after ${afterEvent}`}
          projectId={projectId}
          requestKey={`${requestKey}#${watching}`}
          load={(signal) => api.funnelTopEventReplays(projectId, query, step, watching, signal)}
          onClose={() => setWatching(null)}
        />
      )}
    </section>
  );
}

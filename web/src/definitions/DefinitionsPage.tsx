import { api } from '../api';
import { navigate } from '../router';
import { projectPagePath } from '../lib/link';
import { formatAbsolute, formatRelative } from '../lib/time';
import { Sparkline } from '../ui/Sparkline';
import { useRequest } from '../ui/use-request';
import { definitionsSearch, type DefinitionsQuery } from '../analytics/url-state';
import { DefinitionPanel } from './DefinitionPanel';

interface Props {
  projectId: number;
  query: DefinitionsQuery;
  canEdit: boolean;
}

/** Every event name the project has seen, with its last 30 days; ?event= opens its definition panel. */
export function DefinitionsPage({ projectId, query, canEdit }: Props) {
  const list = useRequest(String(projectId), (signal) => api.eventDefinitions(projectId, signal));
  const open = (event: string | null) => navigate(projectPagePath('eventDefinitions', projectId, definitionsSearch({ event })));

  return (
    <main class="analytics-page definitions-page" data-testid="definitions-page">
      <h1 class="analytics-title">Event definitions</h1>
      {list.status === 'error' && (
        <p class="analytics-error" role="alert">
          {list.error}
        </p>
      )}
      <div class="definitions-layout">
        <div class="table-scroll">
          <table class="data-table" data-testid="definitions-table" aria-busy={list.status === 'loading'}>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Last 30 days</th>
                <th scope="col">Volume</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.definitions.map((d) => (
                <tr key={d.name} data-testid="definition-row" data-event={d.name} aria-selected={d.name === query.event ? 'true' : undefined}>
                  <th scope="row">
                    <button type="button" class="link-button" data-testid="definition-open" onClick={() => open(d.name)}>
                      {d.name}
                    </button>
                    {d.description && <div class="muted definition-description">{d.description}</div>}
                  </th>
                  <td>
                    <Sparkline values={d.daily} label={`${d.name}, daily over 30 days`} />
                  </td>
                  <td class="num">{d.count30d.toLocaleString()}</td>
                  <td title={formatAbsolute(d.firstSeen)}>{formatRelative(d.firstSeen)}</td>
                  <td title={formatAbsolute(d.lastSeen)}>{formatRelative(d.lastSeen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.status === 'ready' && list.data?.definitions.length === 0 && (
            <p class="pane-note">No events yet: they are listed here as soon as the SDK tracks one.</p>
          )}
        </div>
        {query.event && (
          <DefinitionPanel
            key={query.event}
            projectId={projectId}
            name={query.event}
            canEdit={canEdit}
            onClose={() => open(null)}
            onSaved={() => list.reload()}
          />
        )}
      </div>
    </main>
  );
}

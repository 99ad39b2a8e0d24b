import { useEffect, useState } from 'preact/hooks';
import { ACCESS_ACTIONS, type AccessEntry } from '@hindsight/types';
import { api } from '../api';
import { formatAbsolute } from '../lib/time';
import { describeError } from '../ui/use-request';

/** What the page filters on: the last N days, one member's email, one action. */
export interface AccessLogFilters {
  days: number;
  user: string;
  action: string;
}

export const ACCESS_LOG_DAYS = [1, 7, 30, 90, 365] as const;

/** The query string of the API and of its CSV for these filters, as of `now`. */
export function accessLogSearch(filters: AccessLogFilters, now: number, before?: number | null): string {
  const params = new URLSearchParams({ from: String(now - filters.days * 86_400_000), to: String(now + 1) });
  if (filters.user.trim()) params.set('user', filters.user.trim());
  if (filters.action) params.set('action', filters.action);
  if (before) params.set('before', String(before));
  return params.toString();
}

/** Who opened which replay and changed what in the project: admins only, newest first, as CSV too. */
export function AccessLogPage({ projectId }: { projectId: number }) {
  const [filters, setFilters] = useState<AccessLogFilters>({ days: 30, user: '', action: '' });
  const [now] = useState(() => Date.now());
  const [entries, setEntries] = useState<AccessEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<string | null>(null);

  const load = (before: number | null, signal?: AbortSignal) => {
    setStatus('loading');
    api.accessLog(projectId, accessLogSearch(filters, now, before), signal).then(
      (page) => {
        setEntries((shown) => (before ? [...shown, ...page.entries] : page.entries));
        setNext(page.nextBefore);
        setStatus('ready');
      },
      (e) => {
        if (signal?.aborted) return;
        setError(describeError(e));
        setStatus('error');
      },
    );
  };

  useEffect(() => {
    const abort = new AbortController();
    load(null, abort.signal);
    return () => abort.abort();
  }, [projectId, filters.days, filters.user, filters.action]);

  const set = (change: Partial<AccessLogFilters>) => setFilters((f) => ({ ...f, ...change }));
  const csv = `/api/projects/${projectId}/access-log.csv?${accessLogSearch(filters, now)}`;

  return (
    <main class="analytics-page access-log-page" data-testid="access-log-page">
      <h1 class="analytics-title">Access log</h1>
      <p class="muted">Who opened or exported which replay, and who changed settings, capture, retention and quotas.</p>
      <form class="access-log-filters" onSubmit={(e) => e.preventDefault()}>
        <label class="settings-field">
          <span>Period</span>
          <select class="input" value={filters.days} data-testid="access-log-days" onChange={(e) => set({ days: Number((e.target as HTMLSelectElement).value) })}>
            {ACCESS_LOG_DAYS.map((d) => <option key={d} value={d}>Last {d === 1 ? '24 hours' : `${d} days`}</option>)}
          </select>
        </label>
        <label class="settings-field">
          <span>Member (email)</span>
          <input class="input" type="email" value={filters.user} data-testid="access-log-user" maxLength={320}
            onChange={(e) => set({ user: (e.target as HTMLInputElement).value })} />
        </label>
        <label class="settings-field">
          <span>Action</span>
          <select class="input" value={filters.action} data-testid="access-log-action" onChange={(e) => set({ action: (e.target as HTMLSelectElement).value })}>
            <option value="">All actions</option>
            {ACCESS_ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <a class="button button-quiet" href={csv} download data-testid="access-log-csv">Export CSV</a>
      </form>
      {status === 'error' && <p class="analytics-error" role="alert">{error}</p>}
      <div class="table-scroll">
        <table class="data-table" data-testid="access-log-table" aria-busy={status === 'loading'}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Member</th>
              <th scope="col">Action</th>
              <th scope="col">On</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="access-log-row" data-action={e.action}>
                <td>{formatAbsolute(e.at)}</td>
                <td>{e.userEmail}</td>
                <td>{e.action}</td>
                <td class="access-log-target">{e.target}</td>
                <td class="access-log-detail">{e.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {status === 'ready' && entries.length === 0 && <p class="muted">Nothing was logged for these filters.</p>}
      {next !== null && (
        <button class="button button-quiet" type="button" disabled={status === 'loading'} onClick={() => load(next)} data-testid="access-log-more">
          Show older
        </button>
      )}
    </main>
  );
}

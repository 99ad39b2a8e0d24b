import { useEffect, useState } from 'preact/hooks';
import type { PeopleSort, PersonSummary } from '@hindsight/types';
import { api } from '../api';
import { navigate } from '../router';
import { personPath, projectPagePath } from '../lib/link';
import { formatAbsolute, formatRelative } from '../lib/time';
import { describeError } from '../ui/use-request';
import { peopleSearch, type PeopleQuery } from '../analytics/url-state';

interface Props {
  projectId: number;
  query: PeopleQuery;
}

const SEARCH_DEBOUNCE_MS = 300;
const PAGE_SIZE = 50;

const COLUMNS: readonly { sort: PeopleSort; label: string }[] = [
  { sort: 'name', label: 'Name' },
  { sort: 'email', label: 'Email' },
  { sort: 'distinct_id', label: 'Distinct id' },
  { sort: 'first_seen', label: 'First seen' },
  { sort: 'last_seen', label: 'Last seen' },
];

/** The people list: search and sort in the URL, pages appended with the server's cursor. */
export function PeoplePage({ projectId, query }: Props) {
  const [text, setText] = useState(query.q);
  const [people, setPeople] = useState<PersonSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<string | null>(null);
  const [more, setMore] = useState<AbortController | null>(null);
  const search = peopleSearch(query);
  const go = (next: Partial<PeopleQuery>, replace = false) =>
    navigate(projectPagePath('people', projectId, peopleSearch({ ...query, ...next })), { replace });

  useEffect(() => setText(query.q), [query.q]);
  // Typing waits for a pause; the search then becomes the address (replacing it, not one entry per key).
  useEffect(() => {
    if (text === query.q) return;
    const timer = setTimeout(() => go({ q: text }, true), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  useEffect(() => {
    const controller = new AbortController();
    setStatus('loading');
    api.people(projectId, { ...query, limit: PAGE_SIZE }, controller.signal).then(
      (page) => {
        setPeople(page.people);
        setCursor(page.nextCursor);
        setStatus('ready');
      },
      (e) => {
        if (controller.signal.aborted) return;
        setError(describeError(e));
        setStatus('error');
      },
    );
    return () => controller.abort();
  }, [projectId, search]);

  const loadMore = () => {
    if (!cursor || more) return;
    const controller = new AbortController();
    setMore(controller);
    api.people(projectId, { ...query, cursor, limit: PAGE_SIZE }, controller.signal).then(
      (page) => {
        setPeople((shown) => [...shown, ...page.people.filter((p) => !shown.some((s) => s.distinctId === p.distinctId))]);
        setCursor(page.nextCursor);
        setMore(null);
      },
      (e) => {
        setError(describeError(e));
        setMore(null);
      },
    );
  };

  const sortBy = (sort: PeopleSort) =>
    go({ sort, order: query.sort === sort ? (query.order === 'asc' ? 'desc' : 'asc') : sort === 'first_seen' || sort === 'last_seen' ? 'desc' : 'asc' });

  return (
    <main class="analytics-page" data-testid="people-page">
      <h1 class="analytics-title">People</h1>
      <input
        class="input people-search"
        type="search"
        data-testid="people-search"
        placeholder="Search by name, email, distinct id or any property"
        aria-label="Search people"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      {status === 'error' && (
        <p class="analytics-error" role="alert">
          {error}
        </p>
      )}
      <div class="table-scroll">
        <table class="data-table people-table" data-testid="people-table" aria-busy={status === 'loading'}>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th scope="col" key={c.sort} aria-sort={query.sort === c.sort ? (query.order === 'asc' ? 'ascending' : 'descending') : undefined}>
                  <button type="button" class="sort-button" data-testid={`people-sort-${c.sort}`} onClick={() => sortBy(c.sort)}>
                    {c.label}
                    {query.sort === c.sort && <span aria-hidden="true">{query.order === 'asc' ? ' ↑' : ' ↓'}</span>}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <PersonRow key={p.distinctId} projectId={projectId} person={p} />
            ))}
          </tbody>
        </table>
      </div>
      {status === 'ready' && people.length === 0 && (
        <p class="pane-note" data-testid="people-empty">
          {query.q ? 'Nobody matches this search.' : 'No people yet: they appear once the SDK tracks or identifies someone.'}
        </p>
      )}
      {cursor && status === 'ready' && (
        <button class="button" type="button" data-testid="people-more" disabled={more !== null} onClick={loadMore}>
          {more ? 'Loading…' : 'Load more'}
        </button>
      )}
    </main>
  );
}

function PersonRow({ projectId, person }: { projectId: number; person: PersonSummary }) {
  const href = personPath(projectId, person.distinctId);
  return (
    <tr data-testid="person-row" data-distinct-id={person.distinctId}>
      <td>
        <a
          href={href}
          onClick={(e) => {
            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
            e.preventDefault();
            navigate(href);
          }}
        >
          {person.name ?? person.email ?? person.distinctId}
        </a>
      </td>
      <td>{person.email ?? <span class="muted">—</span>}</td>
      <td class="mono">{person.distinctId}</td>
      <td>{seen(person.firstSeen)}</td>
      <td>{seen(person.lastSeen)}</td>
    </tr>
  );
}

function seen(ms: number | null) {
  if (ms === null) return <span class="muted">—</span>;
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatAbsolute(ms)}>
      {formatRelative(ms)}
    </time>
  );
}

import { useEffect, useState } from 'preact/hooks';
import type { ActivitySession } from '@hindsight/types';
import { api } from '../api';
import { navigate } from '../router';
import { personReplaysPath } from '../lib/link';
import { formatAbsolute } from '../lib/time';
import { describeError, useRequest } from '../ui/use-request';
import { ActivitySessions } from './ActivitySessions';

interface Props {
  projectId: number;
  distinctId: string;
}

/** A person: profile properties, first and last seen, all their replays, and their sessions. */
export function ProfilePage({ projectId, distinctId }: Props) {
  const person = useRequest(`${projectId}/${distinctId}`, (signal) => api.person(projectId, distinctId, signal));
  const activity = useActivity(projectId, distinctId);
  const profile = person.data;
  const replays = personReplaysPath(distinctId);

  return (
    <main class="analytics-page" data-testid="profile-page">
      {person.status === 'error' && (
        <p class="analytics-error" role="alert" data-testid="profile-error">
          {person.error}
        </p>
      )}
      {profile && (
        <>
          <div class="profile-head">
            <h1 class="analytics-title">{profile.name ?? profile.email ?? profile.distinctId}</h1>
            <a
              class="button button-primary"
              data-testid="profile-view-replays"
              href={replays}
              onClick={(e) => {
                if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                e.preventDefault();
                navigate(replays);
              }}
            >
              View Replays
            </a>
          </div>
          <dl class="profile-facts">
            <dt>Distinct id</dt>
            <dd class="mono">{profile.distinctId}</dd>
            {profile.email && (
              <>
                <dt>Email</dt>
                <dd>{profile.email}</dd>
              </>
            )}
            <dt>First seen</dt>
            <dd data-testid="profile-first-seen">{profile.firstSeen === null ? '—' : formatAbsolute(profile.firstSeen)}</dd>
            <dt>Last seen</dt>
            <dd data-testid="profile-last-seen">{profile.lastSeen === null ? '—' : formatAbsolute(profile.lastSeen)}</dd>
            {profile.ids.length > 1 && (
              <>
                <dt>Linked ids</dt>
                <dd class="mono">{profile.ids.join(', ')}</dd>
              </>
            )}
          </dl>
          <div class="profile-body">
            <section aria-labelledby="properties-heading">
              <h2 id="properties-heading">Properties</h2>
              <PropertiesTable properties={profile.properties} />
            </section>
            <section aria-labelledby="activity-heading">
              <h2 id="activity-heading">Activity</h2>
              {activity.error && (
                <p class="analytics-error" role="alert">
                  {activity.error}
                </p>
              )}
              <ActivitySessions projectId={projectId} sessions={activity.sessions} />
              {activity.nextBefore !== null && (
                <button class="button" type="button" data-testid="activity-more" disabled={activity.loading} onClick={activity.loadMore}>
                  {activity.loading ? 'Loading…' : 'Older activity'}
                </button>
              )}
            </section>
          </div>
        </>
      )}
    </main>
  );
}

function PropertiesTable({ properties }: { properties: Record<string, unknown> }) {
  const entries = Object.entries(properties).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p class="pane-note">No profile properties.</p>;
  return (
    <table class="data-table" data-testid="profile-properties">
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row" class="mono">
              {key}
            </th>
            <td>{typeof value === 'string' ? value : JSON.stringify(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The activity stream, newest first, with "Older activity" asking for what came before. */
function useActivity(projectId: number, distinctId: string) {
  const [sessions, setSessions] = useState<ActivitySession[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = (before: number | null, signal?: AbortSignal) => {
    setLoading(true);
    api.personActivity(projectId, distinctId, before, signal).then(
      (page) => {
        setSessions((shown) => (before === null ? page.sessions : [...shown, ...page.sessions]));
        setNextBefore(page.nextBefore);
        setLoading(false);
      },
      (e) => {
        if (signal?.aborted) return;
        setError(describeError(e));
        setLoading(false);
      },
    );
  };

  useEffect(() => {
    const controller = new AbortController();
    load(null, controller.signal);
    return () => controller.abort();
  }, [projectId, distinctId]);

  return { sessions, nextBefore, loading, error, loadMore: () => nextBefore !== null && load(nextBefore) };
}

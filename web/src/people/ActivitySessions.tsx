import type { ActivitySession } from '@hindsight/types';
import { MomentLink } from '../ui/MomentList';
import { formatAbsolute, formatDuration } from '../lib/time';

interface Props {
  projectId: number;
  sessions: readonly ActivitySession[];
}

/** A person's activity, newest first, in sessions (cut after 30 minutes without an event), each with its replay. */
export function ActivitySessions({ projectId, sessions }: Props) {
  if (sessions.length === 0) return <p class="pane-note" data-testid="activity-empty">No tracked events for this person yet.</p>;
  return (
    <ol class="activity" data-testid="activity">
      {sessions.map((session) => (
        <li class="activity-session" key={session.start} data-testid="activity-session" data-start={session.start}>
          <div class="activity-head">
            <strong>{formatAbsolute(session.start)}</strong>
            <span class="muted">
              {formatDuration(session.end - session.start)} · {session.events.length} {session.events.length === 1 ? 'event' : 'events'}
            </span>
            <MomentLink projectId={projectId} moment={session} />
          </div>
          <ul class="activity-events">
            {session.events.map((event) => (
              <li key={event.insertId} data-testid="activity-event">
                <time dateTime={new Date(event.time).toISOString()}>{formats.time().format(new Date(event.time))}</time>
                <span class="activity-name">{event.name}</span>
                {typeof event.properties.$current_url === 'string' && <span class="muted activity-url">{event.properties.$current_url}</span>}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

let timeFormat: Intl.DateTimeFormat | undefined;
const formats = { time: () => (timeFormat ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })) };

import type { ReplayMoment } from '@hindsight/types';
import { navigate } from '../router';
import { replayMomentLink } from '../lib/link';
import { formatAbsolute, formatRelative } from '../lib/time';

interface Props {
  projectId: number;
  moments: readonly ReplayMoment[];
  truncated: boolean;
}

/** The events behind a chart point, a funnel step or a definition, each opening its replay just before it. */
export function MomentList({ projectId, moments, truncated }: Props) {
  if (moments.length === 0) return <p class="moments-empty" data-testid="moments-empty">No events here.</p>;
  return (
    <>
      <ul class="moments" data-testid="moments">
        {moments.map((moment) => (
          <li key={moment.insertId} class="moment" data-testid="moment" data-insert-id={moment.insertId}>
            <span class="moment-who" title={moment.distinctId ?? undefined}>
              {moment.distinctId ?? 'Anonymous'}
            </span>
            <time class="moment-time" dateTime={new Date(moment.time).toISOString()} title={formatAbsolute(moment.time)}>
              {formatRelative(moment.time)}
            </time>
            <MomentLink projectId={projectId} moment={moment} />
          </li>
        ))}
      </ul>
      {truncated && <p class="moments-note">Showing the latest {moments.length}.</p>}
    </>
  );
}

interface LinkProps {
  projectId: number;
  moment: Pick<ReplayMoment, 'replay'>;
  label?: string;
}

/** "Watch recording" opening the player 3 s before the moment, or "no replay" when none covers it. */
export function MomentLink({ projectId, moment, label = 'Watch recording' }: LinkProps) {
  const href = replayMomentLink(projectId, moment);
  if (!href) {
    return (
      <span class="moment-none" data-testid="moment-no-replay">
        no replay
      </span>
    );
  }
  return (
    <a
      class="moment-link"
      data-testid="moment-link"
      data-stitched={moment.replay?.stitched ? 'true' : 'false'}
      href={href}
      title={moment.replay?.stitched ? 'Matched to the replay by person and time' : undefined}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {label}
    </a>
  );
}

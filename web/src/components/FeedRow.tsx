import type { ReplaySummary } from '@hindsight/types';
import { navigate } from '../router';
import { platformLabel, plural, shortUrl, userLabel } from '../lib/labels';
import { personPath, replayPath } from '../lib/link';
import { expiryNote, formatAbsolute, formatDuration, formatRelative } from '../lib/time';

interface Props {
  replay: ReplaySummary;
  selected: boolean;
}

export function FeedRow({ replay, selected }: Props) {
  const href = replayPath(replay.replayId, replay.projectId);
  const who = userLabel(replay);
  const platform = platformLabel(replay);
  const expiry = expiryNote(replay.expiresAt);

  const open = (event: MouseEvent) => {
    // Ctrl/Cmd/middle click keeps the browser's "open in a new tab".
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };

  return (
    <a
      class="feed-row"
      href={href}
      role="option"
      data-testid="feed-row"
      data-replay-id={replay.replayId}
      aria-selected={selected ? 'true' : 'false'}
      onClick={open}
    >
      <div class="feed-row-top">
        <PersonLink replay={replay} label={who.primary} />
        {replay.live && (
          <span class="feed-live" data-testid="feed-row-live" title="Still being recorded: opens at its live end">
            Live
          </span>
        )}
        {expiry && (
          <span class="feed-expires" data-testid="feed-row-expires" title={`Deleted on ${formatAbsolute(replay.expiresAt)} by the project's retention`}>
            {expiry}
          </span>
        )}
        <time class="feed-time" dateTime={new Date(replay.startedAt).toISOString()} title={formatAbsolute(replay.startedAt)}>
          {formatRelative(replay.startedAt)}
        </time>
      </div>
      {who.secondary && (
        <div class="feed-id" title={who.secondary}>
          {who.secondary}
        </div>
      )}
      <div class="feed-url" title={replay.startUrl ?? undefined}>
        {shortUrl(replay.startUrl)}
      </div>
      <div class="feed-meta">
        <span class="feed-duration" title="Duration">
          {formatDuration(replay.durationMs)}
        </span>
        <span title={`${plural(replay.eventCount, 'event')}, ${plural(replay.clickCount, 'click')}, ${plural(replay.keypressCount, 'keypress', 'keypresses')}`}>
          {plural(replay.eventCount, 'event')} · {plural(replay.clickCount, 'click')} · {plural(replay.keypressCount, 'key', 'keys')}
        </span>
        <Signals replay={replay} />
        {platform && (
          <span class="feed-platform" title={platform}>
            {platform}
          </span>
        )}
      </div>
    </a>
  );
}

/** Console errors, rage clicks and dead clicks, each shown only when there is one. */
function Signals({ replay }: { replay: ReplaySummary }) {
  const signals = [
    { n: replay.consoleErrorCount, kind: 'console', text: plural(replay.consoleErrorCount, 'console error') },
    { n: replay.rageClickCount, kind: 'rage', text: plural(replay.rageClickCount, 'rage click') },
    { n: replay.deadClickCount, kind: 'dead', text: plural(replay.deadClickCount, 'dead click') },
  ].filter((s) => s.n > 0);
  return (
    <>
      {signals.map((s) => (
        <span key={s.kind} class={`feed-signal feed-signal-${s.kind}`} data-testid={`feed-row-${s.kind}`} title={s.text}>
          {s.text}
        </span>
      ))}
    </>
  );
}

/**
 * The user's name, opening their profile. The row itself is a link to the replay and links cannot nest,
 * so this is a span that behaves as one (click, Enter), its own click kept from opening the replay.
 */
function PersonLink({ replay, label }: { replay: ReplaySummary; label: string }) {
  const id = replay.userId ?? replay.distinctId;
  if (!id) {
    return (
      <span class="feed-user" title={label}>
        {label}
      </span>
    );
  }
  const href = personPath(replay.projectId, id);
  const open = (event: Event) => {
    event.preventDefault();
    event.stopPropagation();
    navigate(href);
  };
  return (
    <span
      class="feed-user feed-user-link"
      role="link"
      tabIndex={0}
      data-testid="feed-row-person"
      data-href={href}
      title={`${label}: open the profile`}
      onClick={open}
      onKeyDown={(e) => e.key === 'Enter' && open(e)}
    >
      {label}
    </span>
  );
}

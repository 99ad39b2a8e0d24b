import { useEffect, useRef } from 'preact/hooks';
import type { ReadonlySignal } from '@preact/signals';
import type { ReplayTrackedEvent } from '@hindsight/types';
import { currentEventIndex } from '../lib/replay-events';
import { formatClock } from '../lib/time';

interface Props {
  events: readonly ReplayTrackedEvent[] | null;
  truncated: boolean;
  error: string | null;
  /** The signal, not its value: only this list re-renders as the replay plays, not the whole player. */
  currentMs: ReadonlySignal<number>;
  onSeek: (ms: number) => void;
}

/** The replay's tracked events beside the player: clicking one seeks there, and the list follows playback. */
export function ReplayEvents({ events, truncated, error, currentMs, onSeek }: Props) {
  const current = events ? currentEventIndex(events, currentMs.value) : -1;
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const item = list.current?.querySelector<HTMLElement>('[aria-current="true"]');
    item?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);

  return (
    <aside class="replay-events" aria-label="Tracked events" data-testid="replay-events">
      <h2>Events</h2>
      {error && (
        <p class="analytics-error" role="alert">
          {error}
        </p>
      )}
      {events && events.length === 0 && <p class="pane-note">No tracked events in this replay.</p>}
      {events && events.length > 0 && (
        <ol class="replay-events-list" ref={list}>
          {events.map((event, i) => (
            <li key={event.insertId}>
              <button
                type="button"
                class="replay-event"
                data-testid="replay-event"
                data-offset-ms={event.offsetMs}
                aria-current={i === current ? 'true' : undefined}
                title={event.stitched ? 'Matched to this replay by person and time' : undefined}
                onClick={() => onSeek(Math.max(0, event.offsetMs))}
              >
                <span class="replay-event-time">{formatClock(event.offsetMs)}</span>
                <span class="replay-event-name">{event.name}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {truncated && <p class="moments-note">Showing the first {events?.length ?? 0}.</p>}
    </aside>
  );
}

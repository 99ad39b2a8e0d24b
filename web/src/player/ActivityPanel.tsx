import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReadonlySignal } from '@preact/signals';
import { formatClock } from '../lib/time';
import { currentIndex } from '../lib/playback-index';
import { ACTIVITY_KINDS, filterActivity, kindCounts, type ActivityKind, type TimelineMarker } from './activity';

interface Props {
  markers: readonly TimelineMarker[];
  /** Why the tracked events could not be read, if they could not. */
  eventsError: string | null;
  /** The replay has more tracked events than the list took. */
  eventsTruncated: boolean;
  currentMs: ReadonlySignal<number>;
  onSeek: (ms: number) => void;
}

/** Every marker of the timeline in time order: filtered by kind, searched, followed as the replay plays. */
export function ActivityPanel({ markers, eventsError, eventsTruncated, currentMs, onSeek }: Props) {
  const [kinds, setKinds] = useState<ReadonlySet<ActivityKind>>(new Set());
  const [search, setSearch] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const counts = kindCounts(markers);
  const shown = filterActivity(markers, kinds, search);
  const current = currentIndex(shown, currentMs.value);

  useEffect(() => {
    list.current?.querySelector<HTMLElement>('[aria-current="true"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);

  const toggle = (kind: ActivityKind) => {
    const next = new Set(kinds);
    if (!next.delete(kind)) next.add(kind);
    setKinds(next);
  };

  return (
    <div class="devtools-panel" data-testid="activity-panel">
      <div class="devtools-filters">
        <button type="button" class="chip" aria-pressed={kinds.size === 0} onClick={() => setKinds(new Set())}>
          All {markers.length}
        </button>
        {ACTIVITY_KINDS.filter(([kind]) => counts.has(kind)).map(([kind, name]) => (
          <button key={kind} type="button" class={`chip kind-${kind}`} data-testid={`activity-kind-${kind}`}
            aria-pressed={kinds.has(kind)} onClick={() => toggle(kind)}>
            {name} {counts.get(kind)}
          </button>
        ))}
        <input type="search" placeholder="Search the activity" aria-label="Search the activity" data-testid="activity-search"
          value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
      </div>
      {eventsError && <p class="analytics-error" role="alert">{eventsError}</p>}
      {markers.length === 0 && <p class="pane-note">Nothing happened yet in this replay.</p>}
      <ol class="devtools-list" ref={list}>
        {shown.map((marker, i) => (
          <li key={marker.key} class={`activity-entry kind-${marker.kind}`} aria-current={i === current ? 'true' : undefined}>
            <button type="button" class="activity-button" data-testid="activity-entry" data-kind={marker.kind} data-ms={marker.ms}
              title={marker.note} onClick={() => onSeek(marker.ms)}>
              <span class="devtools-time">{formatClock(marker.ms)}</span>
              <span class="activity-label">{marker.label}</span>
            </button>
          </li>
        ))}
      </ol>
      {eventsTruncated && <p class="moments-note">The replay has more tracked events than the list shows.</p>}
    </div>
  );
}

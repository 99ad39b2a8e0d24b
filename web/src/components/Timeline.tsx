import { useRef, useState } from 'preact/hooks';
import type { Period } from '../lib/inactivity';
import type { TimelineMarker } from '../player/activity';
import { formatClock } from '../lib/time';

interface Props {
  currentMs: number;
  totalMs: number;
  /** Up to where the downloaded chunks reach. */
  loadedMs: number;
  /** Inactive stretches, ms from the start. */
  inactive: readonly Period[];
  skipInactive: boolean;
  /** The replay's activity (player/activity.ts); clicking one seeks to it. */
  markers?: readonly TimelineMarker[];
  onSeek: (ms: number) => void;
}

/** While dragging, seek at most this often: each seek can rebuild the recorded page. */
const DRAG_SEEK_INTERVAL_MS = 120;
const KEY_STEP_MS = 5_000;

export function Timeline({ currentMs, totalMs, loadedMs, inactive, skipInactive, markers = [], onSeek }: Props) {
  const [hoverMs, setHoverMs] = useState<number | null>(null);
  const [dragMs, setDragMs] = useState<number | null>(null);
  const lastDragSeek = useRef(0);

  const msAt = (event: PointerEvent) => {
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const fraction = rect.width > 0 ? (event.clientX - rect.left) / rect.width : 0;
    return Math.round(Math.min(1, Math.max(0, fraction)) * totalMs);
  };

  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0 || totalMs <= 0) return;
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    setDragMs(msAt(event));
  };
  const onPointerMove = (event: PointerEvent) => {
    const ms = msAt(event);
    setHoverMs(ms);
    if (dragMs === null) return;
    setDragMs(ms);
    const now = performance.now();
    if (now - lastDragSeek.current >= DRAG_SEEK_INTERVAL_MS) {
      lastDragSeek.current = now;
      onSeek(ms);
    }
  };
  const onPointerUp = (event: PointerEvent) => {
    if (dragMs === null) return;
    setDragMs(null);
    onSeek(msAt(event));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 1_000 : KEY_STEP_MS;
    const to: Record<string, number> = {
      ArrowLeft: currentMs - step,
      ArrowDown: currentMs - step,
      ArrowRight: currentMs + step,
      ArrowUp: currentMs + step,
      Home: 0,
      End: totalMs,
    };
    if (!(event.key in to)) return;
    event.preventDefault();
    onSeek(Math.min(totalMs, Math.max(0, to[event.key])));
  };

  const shown = dragMs ?? currentMs;
  const pct = (ms: number) => `${totalMs > 0 ? Math.min(100, Math.max(0, (ms / totalMs) * 100)) : 0}%`;

  return (
    <div
      class={`timeline${dragMs !== null ? ' is-dragging' : ''}`}
      data-testid="player-timeline"
      role="slider"
      tabIndex={0}
      aria-label="Timeline"
      aria-valuemin={0}
      aria-valuemax={totalMs}
      aria-valuenow={shown}
      aria-valuetext={`${formatClock(shown)} of ${formatClock(totalMs)}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => setDragMs(null)}
      onPointerLeave={() => setHoverMs(null)}
      onKeyDown={onKeyDown}
    >
      <div class="timeline-track">
        <div class="timeline-loaded" style={{ width: pct(loadedMs) }} />
        <div class="timeline-played" style={{ width: pct(shown) }} />
        {inactive.map(([start, end]) => (
          <div
            key={start}
            class={`timeline-inactive${skipInactive ? ' is-skipped' : ''}`}
            data-testid="player-inactive"
            data-start-ms={start}
            data-end-ms={end}
            style={{ left: pct(start), width: pct(end - start) }}
            title={`Inactive for ${formatClock(end - start)}${skipInactive ? ' (skipped)' : ''}`}
          />
        ))}
        {markers.map((marker) => (
          <span
            key={marker.key}
            class={`timeline-marker marker-${marker.kind}`}
            data-kind={marker.kind}
            data-testid="player-marker"
            data-ms={marker.ms}
            style={{ left: pct(marker.ms) }}
            title={`${marker.label} at ${formatClock(marker.ms)}`}
            onPointerDown={(e) => {
              // The marker's own moment, not wherever within its few pixels the pointer fell.
              if (e.button !== 0) return;
              e.stopPropagation();
              onSeek(marker.ms);
            }}
          />
        ))}
        <div class="timeline-thumb" style={{ left: pct(shown) }} />
      </div>
      {hoverMs !== null && (
        <div class="timeline-hover" style={{ left: pct(hoverMs) }} aria-hidden="true">
          {formatClock(hoverMs)}
        </div>
      )}
    </div>
  );
}

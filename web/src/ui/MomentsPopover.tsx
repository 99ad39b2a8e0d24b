import { useEffect, useRef } from 'preact/hooks';
import type { ReplayMomentList } from '@hindsight/types';
import { MomentList } from './MomentList';
import { useRequest } from './use-request';

interface Props {
  title: string;
  projectId: number;
  /** A key for the request: a new one asks again. */
  requestKey: string;
  load: (signal: AbortSignal) => Promise<ReplayMomentList>;
  onClose: () => void;
}

/** "View Replays": the moments behind what was clicked, in a panel that Escape or a click outside closes. */
export function MomentsPopover({ title, projectId, requestKey, load, onClose }: Props) {
  const moments = useRequest(requestKey, load);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    const onDown = (e: PointerEvent) => {
      if (panel.current && !panel.current.contains(e.target as Node)) onClose();
    };
    document.addEventListener('keydown', onKey);
    // Registered after the click that opened the panel has finished, or that click would close it.
    const timer = setTimeout(() => document.addEventListener('pointerdown', onDown));
    return () => {
      clearTimeout(timer);
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onDown);
    };
  }, [onClose]);

  return (
    <div class="popover" ref={panel} role="dialog" aria-label={title} data-testid="moments-popover">
      <div class="popover-head">
        <h3>View Replays</h3>
        <span class="muted popover-title">{title}</span>
        <button class="icon-button" type="button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {moments.status === 'loading' && <span class="spinner spinner-small" aria-label="Loading" />}
      {moments.status === 'error' && (
        <p class="analytics-error" role="alert">
          {moments.error}
        </p>
      )}
      {moments.status === 'ready' && moments.data && (
        <MomentList projectId={projectId} moments={moments.data.items} truncated={moments.data.truncated} />
      )}
    </div>
  );
}

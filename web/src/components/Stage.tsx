import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PlayerModel } from '../state/player';
import { fitViewport, type Size } from '../lib/fit';

interface Props {
  model: PlayerModel;
  /** rrweb builds its wrapper and sandboxed iframe inside this element. */
  frame: RefObject<HTMLDivElement>;
}

export function Stage({ model, frame }: Props) {
  const stage = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });

  useEffect(() => {
    const element = stage.current!;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const viewport = model.viewport.value;
  const state = model.state.value;
  const place = viewport ? fitViewport(viewport, size) : null;
  // Until rrweb reports the recorded viewport there is nothing sensible to show.
  const frameStyle =
    viewport && place
      ? {
          width: `${viewport.width}px`,
          height: `${viewport.height}px`,
          transform: `translate(${place.x}px, ${place.y}px) scale(${place.scale})`,
        }
      : { visibility: 'hidden' };

  return (
    <div class="stage" ref={stage} onClick={() => state !== 'error' && model.togglePlay()}>
      <div class="stage-frame" data-testid="player-frame" ref={frame} style={frameStyle} />
      {state === 'loading' && (
        <div class="stage-overlay" role="status">
          <span class="spinner" aria-hidden="true" />
          <span>{model.replayerReady.value ? 'Loading more of the replay…' : 'Loading replay…'}</span>
        </div>
      )}
      {state === 'error' && (
        <div class="stage-overlay stage-error" role="alert">
          {model.error.value}
        </div>
      )}
      {state === 'ended' && (
        <button class="stage-overlay stage-replay" type="button" onClick={(e) => (e.stopPropagation(), model.play())}>
          <span class="stage-replay-icon" aria-hidden="true">↺</span>
          Watch again
        </button>
      )}
    </div>
  );
}

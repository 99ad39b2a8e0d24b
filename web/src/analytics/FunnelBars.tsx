import { plural } from '../lib/labels';
import type { FunnelBar } from './funnel-bars';
import type { FunnelPart } from './FunnelsPage';

interface Props {
  bars: FunnelBar[];
  onPart: (part: FunnelPart) => void;
  /** Opens the Top events view after this step (what people did instead of the next one). */
  onTopEvents: (step: number) => void;
}

/** One bar per step: the converted part solid, the dropped-off part above it hatched, each clickable. */
export function FunnelBars({ bars, onPart, onTopEvents }: Props) {
  return (
    <div class="funnel-bars" data-testid="funnel-bars">
      {bars.map((bar) => (
        <div class="funnel-bar" key={bar.index} data-testid="funnel-bar" data-step={bar.index}>
          <div class="bar-column" aria-hidden="false">
            <span class="bar-space" style={{ height: `${100 - bar.convertedHeight - bar.droppedHeight}%` }} />
            {bar.droppedOff > 0 && (
              <button
                type="button"
                class="bar-dropped"
                data-testid="funnel-dropped"
                style={{ height: `${bar.droppedHeight}%` }}
                title={`${bar.droppedOff.toLocaleString()} dropped off: View Replays`}
                aria-label={`View Replays of the ${bar.droppedOff} people who dropped off before ${bar.event}`}
                onClick={() => onPart({ step: bar.index, part: 'dropped' })}
              />
            )}
            <button
              type="button"
              class="bar-converted"
              data-testid="funnel-converted"
              style={{ height: `${bar.convertedHeight}%` }}
              title={`${bar.count.toLocaleString()} reached ${bar.event}: View Replays`}
              aria-label={`View Replays of the ${bar.count} people who reached ${bar.event}`}
              disabled={bar.count === 0}
              onClick={() => onPart({ step: bar.index, part: 'converted' })}
            />
          </div>
          <div class="bar-label">
            <strong title={bar.event}>
              {bar.index + 1}. {bar.event}
            </strong>
            <span data-testid="funnel-count">{plural(bar.count, 'person', 'people')}</span>
            <span>
              {bar.fromFirst} of first{bar.index > 0 && <> · {bar.fromPrevious} of previous</>}
            </span>
            {bar.index > 0 && (
              <span>
                {bar.droppedOff.toLocaleString()} dropped off · median {bar.medianToConvert}
              </span>
            )}
            {bar.index < bars.length - 1 && (
              <button type="button" class="link-button" data-testid="funnel-top-events" onClick={() => onTopEvents(bar.index)}>
                Top events after this step
              </button>
            )}
          </div>
        </div>
      ))}
    </div>
  );
}

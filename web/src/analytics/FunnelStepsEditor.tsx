import type { FunnelStepQuery } from '@hindsight/types';
import { FiltersEditor } from '../ui/FiltersEditor';
import { EventPicker } from './EventPicker';
import { MAX_STEPS, MIN_STEPS } from './url-state';

interface Props {
  projectId: number;
  steps: FunnelStepQuery[];
  onChange: (steps: FunnelStepQuery[]) => void;
}

/** 2 to 10 steps, each an event with optional property filters. */
export function FunnelStepsEditor({ projectId, steps, onChange }: Props) {
  // An empty funnel starts with two empty steps to fill in.
  const shown: FunnelStepQuery[] = steps.length >= MIN_STEPS ? steps : [...steps, ...Array.from({ length: MIN_STEPS - steps.length }, () => ({ event: '' }))];
  const set = (index: number, step: FunnelStepQuery) => onChange(shown.map((s, i) => (i === index ? step : s)));
  return (
    <ol class="funnel-steps" data-testid="funnel-steps">
      {shown.map((step, index) => (
        <li class="funnel-step" key={index} data-testid="funnel-step">
          <span class="step-number">{index + 1}</span>
          <EventPicker
            projectId={projectId}
            label={`Step ${index + 1}`}
            testId={`funnel-step-${index}`}
            value={step.event}
            onChange={(event) => set(index, { ...step, event })}
          />
          {shown.length > MIN_STEPS && (
            <button class="icon-button" type="button" aria-label={`Remove step ${index + 1}`} onClick={() => onChange(shown.filter((_, i) => i !== index))}>
              ×
            </button>
          )}
          <FiltersEditor filters={step.filters ?? []} onChange={(filters) => set(index, { ...step, filters })} testId={`funnel-step-${index}-filters`} />
        </li>
      ))}
      {shown.length < MAX_STEPS && (
        <li>
          <button class="button button-quiet" type="button" data-testid="funnel-add-step" onClick={() => onChange([...shown, { event: '' }])}>
            + Step
          </button>
        </li>
      )}
    </ol>
  );
}

import { useEffect, useState } from 'preact/hooks';
import type { FeedFilters } from '../analytics/url-state';

interface Props {
  filters: FeedFilters;
  onChange: (change: Partial<FeedFilters>) => void;
}

const DURATIONS = [
  { label: 'Any length', ms: null },
  { label: '10 s or longer', ms: 10_000 },
  { label: '30 s or longer', ms: 30_000 },
  { label: '1 min or longer', ms: 60_000 },
  { label: '5 min or longer', ms: 300_000 },
] as const;

/** The feed's filters beyond the search: whose replays, a performed event, a visited URL, a minimum length. */
export function FeedFilterBar({ filters, onChange }: Props) {
  return (
    <div class="feed-filters">
      {filters.person && (
        <span class="filter-chip" data-testid="feed-person-filter">
          Replays of <strong title={filters.person}>{filters.person}</strong>
          <button type="button" class="icon-button" aria-label="Show everyone's replays" onClick={() => onChange({ person: null })}>
            ×
          </button>
        </span>
      )}
      <CommittedInput
        testId="feed-event"
        label="Performed event"
        placeholder="Performed event"
        value={filters.event ?? ''}
        onCommit={(v) => onChange({ event: v || null })}
      />
      <CommittedInput
        testId="feed-url"
        label="Visited URL contains"
        placeholder="Visited URL contains"
        value={filters.url ?? ''}
        onCommit={(v) => onChange({ url: v || null })}
      />
      <select
        class="input"
        data-testid="feed-min-duration"
        aria-label="Minimum duration"
        value={filters.minDurationMs ?? ''}
        onChange={(e) => onChange({ minDurationMs: e.currentTarget.value ? Number(e.currentTarget.value) : null })}
      >
        {!DURATIONS.some((d) => d.ms === filters.minDurationMs) && <option value={filters.minDurationMs ?? ''}>{filters.minDurationMs} ms or longer</option>}
        {DURATIONS.map((d) => (
          <option key={d.label} value={d.ms ?? ''}>
            {d.label}
          </option>
        ))}
      </select>
      <label class="toggle" title="Only replays in which the page logged a console error">
        <input
          type="checkbox"
          data-testid="feed-console-errors"
          checked={!!filters.hasConsoleErrors}
          onChange={(e) => onChange({ hasConsoleErrors: e.currentTarget.checked || undefined })}
        />
        Console errors
      </label>
      <CountSelect testId="feed-min-rage" label="Rage clicks" value={filters.minRageClicks} onChange={(n) => onChange({ minRageClicks: n })} />
      <CountSelect testId="feed-min-dead" label="Dead clicks" value={filters.minDeadClicks} onChange={(n) => onChange({ minDeadClicks: n })} />
    </div>
  );
}

const COUNTS = [1, 2, 3, 5, 10] as const;

/** "Any rage clicks" or "≥ n rage clicks". */
function CountSelect({ testId, label, value, onChange }: { testId: string; label: string; value?: number; onChange: (n: number | undefined) => void }) {
  return (
    <select
      class="input"
      data-testid={testId}
      aria-label={`Minimum ${label.toLowerCase()}`}
      value={value ?? ''}
      onChange={(e) => onChange(e.currentTarget.value ? Number(e.currentTarget.value) : undefined)}
    >
      <option value="">{label}: any</option>
      {value !== undefined && !COUNTS.includes(value as (typeof COUNTS)[number]) && <option value={value}>{label} ≥ {value}</option>}
      {COUNTS.map((n) => (
        <option key={n} value={n}>
          {label} ≥ {n}
        </option>
      ))}
    </select>
  );
}

interface InputProps {
  testId: string;
  label: string;
  placeholder: string;
  value: string;
  onCommit: (value: string) => void;
}

/** A text filter applied when the user presses Enter or leaves the field, not on every keystroke. */
function CommittedInput({ testId, label, placeholder, value, onCommit }: InputProps) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => text.trim() !== value && onCommit(text.trim());
  return (
    <input
      class="input"
      type="search"
      data-testid={testId}
      aria-label={label}
      placeholder={placeholder}
      value={text}
      onInput={(e) => setText(e.currentTarget.value)}
      onChange={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

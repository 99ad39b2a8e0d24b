import type { RangeSpec } from '../analytics/url-state';
import { startOfDay } from '../lib/dates';

interface Props {
  range: RangeSpec;
  onChange: (range: RangeSpec) => void;
}

const PRESETS = [
  { preset: '24h', label: '24 h' },
  { preset: '7d', label: '7 d' },
  { preset: '30d', label: '30 d' },
] as const;

const DAY = 86_400_000;

/** Last 24 h / 7 d / 30 d, or custom days (local calendar, the "to" day included). */
export function RangePicker({ range, onChange }: Props) {
  const custom = range.preset === 'custom' ? range : null;
  const startCustom = () => {
    const to = startOfDay(isoDay(Date.now()), 1)!;
    onChange({ preset: 'custom', from: to - 7 * DAY, to });
  };
  const setDay = (which: 'from' | 'to', value: string) => {
    if (!custom) return;
    const ms = which === 'from' ? startOfDay(value) : startOfDay(value, 1);
    if (ms === undefined) return;
    const next = { ...custom, [which]: ms };
    if (next.to > next.from) onChange(next);
  };

  return (
    <div class="range-picker" role="group" aria-label="Date range">
      {PRESETS.map(({ preset, label }) => (
        <button
          key={preset}
          type="button"
          class="segment"
          data-testid={`range-${preset}`}
          aria-pressed={range.preset === preset ? 'true' : 'false'}
          onClick={() => onChange({ preset })}
        >
          {label}
        </button>
      ))}
      <button type="button" class="segment" data-testid="range-custom" aria-pressed={custom ? 'true' : 'false'} onClick={startCustom}>
        Custom
      </button>
      {custom && (
        <>
          <input class="input" type="date" aria-label="From" value={isoDay(custom.from)} onChange={(e) => setDay('from', e.currentTarget.value)} />
          <input class="input" type="date" aria-label="To" value={isoDay(custom.to - 1)} onChange={(e) => setDay('to', e.currentTarget.value)} />
        </>
      )}
    </div>
  );
}

/** The local YYYY-MM-DD of a moment, as <input type=date> wants it. */
export function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// The Settings page's form: replay settings in units a person reads (percent, minutes, seconds, hours),
// turned into the milliseconds the API takes, with a message for each field that is out of range.

import { REPLAY_SETTING_LIMITS as LIMITS, type ReplaySettings } from '@hindsight/types';

/** "site": not set here, the site's own init config decides. */
export type HeatmapChoice = 'site' | 'on' | 'off';

/** The form as typed: numbers stay text until saved, so half-typed values are not rewritten. */
export interface SettingsForm {
  percent: string;
  idleMinutes: string;
  minSeconds: string;
  maxHours: string;
  heatmap: HeatmapChoice;
  manual: boolean;
}

export type FormErrors = Partial<Record<keyof SettingsForm, string>>;

type NumberField = 'percent' | 'idleMinutes' | 'minSeconds' | 'maxHours';
type MsSetting = 'recordSessionsPercent' | 'recordIdleTimeoutMs' | 'recordMinMs' | 'recordMaxMs';

/** Each number field: the setting it edits, how many of the setting's units one of the field's makes, its rule. */
const NUMBER_FIELDS: Record<NumberField, { setting: MsSetting; unit: number; rule: string }> = {
  percent: { setting: 'recordSessionsPercent', unit: 1, rule: 'Enter a percentage from 0 to 100, or leave it empty.' },
  idleMinutes: {
    setting: 'recordIdleTimeoutMs',
    unit: 60_000,
    rule: 'Enter a time from 1 second (0.02 minutes) to 24 hours (1,440 minutes), or leave it empty.',
  },
  minSeconds: { setting: 'recordMinMs', unit: 1_000, rule: 'Enter a length from 0 to 8 seconds, or leave it empty.' },
  maxHours: {
    setting: 'recordMaxMs',
    unit: 3_600_000,
    rule: 'Enter a length from 1 second (0.0003 hours) to 24 hours, or leave it empty.',
  },
};

export function toForm(settings: ReplaySettings): SettingsForm {
  return {
    percent: show(settings.recordSessionsPercent, 1),
    idleMinutes: show(settings.recordIdleTimeoutMs, 60_000),
    minSeconds: show(settings.recordMinMs, 1_000),
    maxHours: show(settings.recordMaxMs, 3_600_000),
    heatmap: settings.recordHeatmapData === null ? 'site' : settings.recordHeatmapData ? 'on' : 'off',
    manual: settings.recordManually,
  };
}

/**
 * The settings the form asks for, or why not. `saved` is what the form was filled from: a field still
 * showing its saved value keeps that value exactly (1 s shown as 0.0167 minutes stays 1000 ms).
 */
export function fromForm(form: SettingsForm, saved: ReplaySettings): { settings: ReplaySettings } | { errors: FormErrors } {
  const errors: FormErrors = {};
  const values = {} as Record<MsSetting, number | null>;
  for (const [field, { setting, unit, rule }] of Object.entries(NUMBER_FIELDS) as [NumberField, (typeof NUMBER_FIELDS)[NumberField]][]) {
    const text = form[field].trim();
    const value = text === show(saved[setting], unit) ? saved[setting] : parse(text, unit, setting);
    if (value === undefined) errors[field] = rule;
    else values[setting] = value;
  }
  const { recordMinMs: min, recordMaxMs: max } = values;
  if (!errors.minSeconds && !errors.maxHours && min != null && max != null && min > max)
    errors.minSeconds = 'The minimum length must not be longer than the maximum length.';
  if (Object.keys(errors).length > 0) return { errors };
  return {
    settings: {
      ...values,
      recordHeatmapData: form.heatmap === 'site' ? null : form.heatmap === 'on',
      recordManually: form.manual,
    },
  };
}

/** A setting in a field's unit: at most 4 decimals, no trailing zeros; empty when unset. */
function show(value: number | null, unit: number): string {
  return value === null ? '' : String(Number((value / unit).toFixed(4)));
}

/** null for an empty field, undefined for one that is not a number within the setting's range. */
function parse(text: string, unit: number, setting: MsSetting): number | null | undefined {
  if (text === '') return null;
  if (!/^(\d+\.?\d*|\.\d+)$/.test(text)) return undefined;
  // Percent keeps its fraction; times become whole milliseconds.
  const value = unit === 1 ? Number(text) : Math.round(Number(text) * unit);
  const { min, max } = LIMITS[setting];
  return value >= min && value <= max ? value : undefined;
}

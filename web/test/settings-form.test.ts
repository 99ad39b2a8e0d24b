import { describe, expect, it } from 'vitest';
import type { ReplaySettings } from '@hindsight/types';
import { fromForm, toForm, type SettingsForm } from '../src/lib/settings-form';

const unset: ReplaySettings = {
  recordSessionsPercent: null,
  recordIdleTimeoutMs: null,
  recordMinMs: null,
  recordMaxMs: null,
  recordHeatmapData: null,
  recordManually: false,
};

const form = (change: Partial<SettingsForm>): SettingsForm => ({ ...toForm(unset), ...change });

describe('the settings form', () => {
  it('shows saved milliseconds in minutes, seconds and hours, and unset values as empty fields', () => {
    expect(
      toForm({ recordSessionsPercent: 12.5, recordIdleTimeoutMs: 450_000, recordMinMs: 2_500, recordMaxMs: 5_400_000, recordHeatmapData: false, recordManually: true }),
    ).toEqual({ percent: '12.5', idleMinutes: '7.5', minSeconds: '2.5', maxHours: '1.5', heatmap: 'off', manual: true });
    expect(toForm(unset)).toEqual({ percent: '', idleMinutes: '', minSeconds: '', maxHours: '', heatmap: 'site', manual: false });
  });

  it('turns what a person typed into milliseconds', () => {
    expect(fromForm(form({ percent: '2.5', idleMinutes: '30', minSeconds: '0.5', maxHours: '24', heatmap: 'on', manual: true }), unset)).toEqual({
      settings: {
        recordSessionsPercent: 2.5,
        recordIdleTimeoutMs: 1_800_000,
        recordMinMs: 500,
        recordMaxMs: 86_400_000,
        recordHeatmapData: true,
        recordManually: true,
      },
    });
  });

  it('leaves empty fields to the site and trims spaces', () => {
    expect(fromForm(form({ percent: ' 40 ', idleMinutes: '   ' }), unset)).toEqual({ settings: { ...unset, recordSessionsPercent: 40 } });
  });

  it('keeps a saved value exactly when its field was not edited, even where the unit rounds it', () => {
    const saved = { ...unset, recordIdleTimeoutMs: 1_000 };
    const shown = toForm(saved);
    expect(shown.idleMinutes).toBe('0.0167');
    expect(fromForm(shown, saved)).toEqual({ settings: saved });
  });

  it('names each field out of range, in the units the person typed', () => {
    const result = fromForm(form({ percent: '101', idleMinutes: '1441', minSeconds: '9', maxHours: 'two' }), unset);
    expect(result).toEqual({
      errors: {
        percent: expect.stringContaining('0 to 100'),
        idleMinutes: expect.stringContaining('1,440 minutes'),
        minSeconds: expect.stringContaining('8 seconds'),
        maxHours: expect.stringContaining('24 hours'),
      },
    });
  });

  it('refuses negative numbers and an idle timeout under a second', () => {
    expect(fromForm(form({ percent: '-1' }), unset)).toEqual({ errors: { percent: expect.any(String) } });
    expect(fromForm(form({ idleMinutes: '0.01' }), unset)).toEqual({ errors: { idleMinutes: expect.any(String) } });
  });

  it('refuses a minimum longer than the maximum', () => {
    expect(fromForm(form({ minSeconds: '5', maxHours: '0.001' }), unset)).toEqual({
      errors: { minSeconds: 'The minimum length must not be longer than the maximum length.' },
    });
  });
});

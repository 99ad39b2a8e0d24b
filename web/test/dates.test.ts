import { describe, expect, it } from 'vitest';
import { dateRange, startOfDay } from '../src/lib/dates';

describe('the feed date filter', () => {
  it('turns the from day into local midnight at its start', () => {
    expect(dateRange('2025-03-14', '')).toEqual({ from: new Date(2025, 2, 14).getTime() });
  });

  it('turns the to day into the start of the next day, so the whole day is included', () => {
    expect(dateRange('', '2025-03-14')).toEqual({ to: new Date(2025, 2, 15).getTime() });
  });

  it('rolls the exclusive end over months and years', () => {
    expect(dateRange('', '2025-01-31').to).toBe(new Date(2025, 1, 1).getTime());
    expect(dateRange('', '2024-12-31').to).toBe(new Date(2025, 0, 1).getTime());
    expect(dateRange('', '2024-02-29').to).toBe(new Date(2024, 2, 1).getTime());
  });

  it('makes a single-day range exactly one calendar day long', () => {
    const { from, to } = dateRange('2025-06-01', '2025-06-01');
    expect(from).toBe(new Date(2025, 5, 1).getTime());
    expect(to).toBe(new Date(2025, 5, 2).getTime());
  });

  it('sends no bound for an empty or impossible date', () => {
    expect(dateRange('', '')).toEqual({});
    expect(startOfDay('2025-02-30')).toBeUndefined();
    expect(startOfDay('yesterday')).toBeUndefined();
  });
});

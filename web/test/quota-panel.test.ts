import { describe, expect, it } from 'vitest';
import type { QuotaStatus } from '@hindsight/types';
import { monthUsage, parseCap } from '../src/components/QuotaPanel';

describe('the quota panel', () => {
  it('reads an empty input as no cap and refuses what the server would', () => {
    expect(parseCap('', 100)).toBeNull();
    expect(parseCap(' 42 ', 100)).toBe(42);
    for (const bad of ['0', '-1', '1.5', '101', 'ten']) expect(parseCap(bad, 100)).toBeUndefined();
  });

  it('says how much of the month is used, with or without a cap', () => {
    const status: QuotaStatus = { monthlyReplayCap: 10000, monthReplays: 1234, monthResetsAt: 0, trial: null, blocked: null, message: null };
    expect(monthUsage(status)).toBe(`${(1234).toLocaleString()} of ${(10000).toLocaleString()} replays this month`);
    expect(monthUsage({ ...status, monthlyReplayCap: null })).toBe(`${(1234).toLocaleString()} replays this month, no monthly cap`);
  });
});

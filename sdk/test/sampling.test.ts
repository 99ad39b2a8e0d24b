import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isSampled } from '../src/sampling';
import { sessionStore } from '../src/storage';

describe('record_sessions_percent sampling', () => {
  const key = 'hs_hindsight_tok_sampling';
  beforeEach(() => sessionStorage.clear());

  it('never records at 0 and always records at 100, whatever the dice say', () => {
    for (const roll of [0, 0.5, 0.999999]) {
      sessionStorage.clear();
      expect(isSampled(sessionStore(), key, 0, 'tab', () => roll)).toBe(false);
      sessionStorage.clear();
      expect(isSampled(sessionStore(), key, 100, 'tab', () => roll)).toBe(true);
    }
  });

  it('takes fractions: 0.5 percent records a roll under 0.005 and nothing above', () => {
    expect(isSampled(sessionStore(), key, 0.5, 'tab', () => 0.0049)).toBe(true);
    sessionStorage.clear();
    expect(isSampled(sessionStore(), key, 0.5, 'tab', () => 0.005)).toBe(false);
  });

  it('records the stated share of tab sessions (30 % of 100,000 within 5 standard deviations)', () => {
    let sampled = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) if (isSampled(null, key, 30, `tab-${i}`)) sampled++;
    const sd = Math.sqrt(n * 0.3 * 0.7);
    expect(Math.abs(sampled - n * 0.3)).toBeLessThan(5 * sd);
  });

  it('decides once per tab session, so a reload keeps the decision', () => {
    const random = vi.fn(() => 0.3);
    expect(isSampled(sessionStore(), key, 50, 'tab', random)).toBe(true);
    // Later page loads of the same tab: whatever the dice would say now, the first decision stands.
    expect(isSampled(sessionStore(), key, 50, 'tab', () => 0.9)).toBe(true);
    expect(isSampled(sessionStore(), key, 50, 'tab', () => 0.9)).toBe(true);
    expect(random).toHaveBeenCalledTimes(1);
  });

  it('keeps a negative decision just as firmly', () => {
    expect(isSampled(sessionStore(), key, 50, 'tab', () => 0.7)).toBe(false);
    expect(isSampled(sessionStore(), key, 50, 'tab', () => 0.1)).toBe(false);
  });

  it('decides again when the percentage changes, or in a new tab that copied this one’s storage', () => {
    expect(isSampled(sessionStore(), key, 0, 'tab', () => 0.1)).toBe(false);
    expect(isSampled(sessionStore(), key, 100, 'tab', () => 0.1)).toBe(true);
    expect(isSampled(sessionStore(), key, 50, 'tab', () => 0.9)).toBe(false);
    expect(isSampled(sessionStore(), key, 50, 'duplicate', () => 0.1)).toBe(true);
  });

  it('decides separately for each instance and project', () => {
    expect(isSampled(sessionStore(), key, 50, 'tab', () => 0.1)).toBe(true);
    expect(isSampled(sessionStore(), 'hs_hindsight_other_sampling', 50, 'tab', () => 0.9)).toBe(false);
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isSampled } from '../src/sampling';
import { sessionStore } from '../src/storage';

describe('record_sessions_percent sampling', () => {
  const key = 'hs_hindsight_tok_sampling';
  beforeEach(() => sessionStorage.clear());

  it('never records at 0 and always records at 100', () => {
    expect(isSampled(sessionStore(), key, 0, () => 0)).toBe(false);
    sessionStorage.clear();
    expect(isSampled(sessionStore(), key, 100, () => 0.999999)).toBe(true);
  });

  it('decides once per tab session, so a reload keeps the decision', () => {
    const random = vi.fn(() => 0.3);
    expect(isSampled(sessionStore(), key, 50, random)).toBe(true);
    // Later page loads of the same tab: whatever the dice would say now, the first decision stands.
    expect(isSampled(sessionStore(), key, 50, () => 0.9)).toBe(true);
    expect(isSampled(sessionStore(), key, 50, () => 0.9)).toBe(true);
    expect(random).toHaveBeenCalledTimes(1);
  });

  it('keeps a negative decision just as firmly', () => {
    expect(isSampled(sessionStore(), key, 50, () => 0.7)).toBe(false);
    expect(isSampled(sessionStore(), key, 50, () => 0.1)).toBe(false);
  });

  it('decides again when the site changes the percentage', () => {
    expect(isSampled(sessionStore(), key, 0, () => 0.1)).toBe(false);
    expect(isSampled(sessionStore(), key, 100, () => 0.1)).toBe(true);
  });

  it('decides separately for each instance and project', () => {
    expect(isSampled(sessionStore(), key, 50, () => 0.1)).toBe(true);
    expect(isSampled(sessionStore(), 'hs_hindsight_other_sampling', 50, () => 0.9)).toBe(false);
  });
});

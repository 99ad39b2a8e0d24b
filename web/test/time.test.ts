import { describe, expect, it } from 'vitest';
import { expiryNote, formatClock, formatDuration, formatRelative } from '../src/lib/time';

describe('formatClock', () => {
  it('shows minutes and zero-padded seconds under an hour', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(9_999)).toBe('0:09');
    expect(formatClock(65_000)).toBe('1:05');
    expect(formatClock(59 * 60_000 + 59_999)).toBe('59:59');
  });

  it('adds hours with padded minutes from an hour on', () => {
    expect(formatClock(3_600_000)).toBe('1:00:00');
    expect(formatClock(2 * 3_600_000 + 3 * 60_000 + 4_000)).toBe('2:03:04');
  });

  it('reads negative and missing times as zero', () => {
    expect(formatClock(-500)).toBe('0:00');
    expect(formatClock(Number.NaN)).toBe('0:00');
  });
});

describe('formatDuration', () => {
  it('uses seconds, then minutes and seconds, then hours and minutes', () => {
    expect(formatDuration(4_400)).toBe('4s');
    expect(formatDuration(125_000)).toBe('2m 05s');
    expect(formatDuration(3_600_000 + 120_000)).toBe('1h 02m');
  });
});

describe('formatRelative', () => {
  const now = new Date(2025, 5, 18, 15, 0, 0).getTime();

  it('says just now, minutes and hours for the last day', () => {
    expect(formatRelative(now - 20_000, now)).toBe('just now');
    expect(formatRelative(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe('3 h ago');
  });

  it('counts calendar days after that', () => {
    expect(formatRelative(new Date(2025, 5, 17, 9, 0).getTime(), now)).toBe('yesterday');
    expect(formatRelative(new Date(2025, 5, 14, 9, 0).getTime(), now)).toBe('4 days ago');
  });

  it('falls back to the date for older replays', () => {
    const older = new Date(2025, 0, 2, 9, 0).getTime();
    expect(formatRelative(older, now)).toBe(new Date(older).toLocaleDateString(undefined, { month: 'short', day: 'numeric' }));
  });
});

describe('expiryNote', () => {
  const now = Date.UTC(2026, 11, 6, 12);
  const hour = 3_600_000;
  it('says nothing while the expiry is more than a week away', () => {
    expect(expiryNote(now + 7 * 24 * hour + 1, now)).toBeNull();
  });
  it('counts whole days, then hours, then the last hour', () => {
    expect(expiryNote(now + 7 * 24 * hour, now)).toBe('expires in 7 days');
    expect(expiryNote(now + 36 * hour, now)).toBe('expires in 1 day');
    expect(expiryNote(now + 5.5 * hour, now)).toBe('expires in 5 h');
    expect(expiryNote(now + 10 * 60_000, now)).toBe('expires within the hour');
  });
});

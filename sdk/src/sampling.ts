// record_sessions_percent, decided once per tab session: a visitor whose first page was not sampled is
// not suddenly recorded from the middle of a visit, and a recorded one keeps being recorded across
// reloads and navigations. The decision is stored with the percentage it was made for, so a site that
// changes the percentage gets a fresh decision rather than a stale one.
import { readJson, writeJson, type KeyValueStore } from './storage';

interface SamplingDecision {
  percent: number;
  sampled: boolean;
}

export function isSampled(store: KeyValueStore | null, key: string, percent: number, random: () => number = Math.random): boolean {
  const saved = readJson<SamplingDecision>(store, key);
  if (saved && saved.percent === percent) return !!saved.sampled;
  const sampled = percent > 0 && random() * 100 < percent;
  writeJson(store, key, { percent, sampled } satisfies SamplingDecision);
  return sampled;
}

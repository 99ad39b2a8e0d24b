// record_sessions_percent, decided once per tab session: a visitor whose first page was not sampled is
// not suddenly recorded from the middle of a visit, and a recorded one keeps being recorded across
// reloads and navigations. Fractions work (0.5 records one tab session in 200). The decision is stored
// with the tab it was made in (a duplicated tab decides anew) and the percentage it was made for, so a
// changed percentage (in code or in the project's remote settings) gets a fresh decision.
import { readJson, writeJson, type KeyValueStore } from './storage';

interface SamplingDecision {
  percent: number;
  sampled: boolean;
  tab?: string;
}

export function isSampled(store: KeyValueStore | null, key: string, percent: number, tab = '', random: () => number = Math.random): boolean {
  const saved = readJson<SamplingDecision>(store, key);
  if (saved && saved.percent === percent && (saved.tab || '') === tab) return !!saved.sampled;
  // random() is in [0, 1): P(random() * 100 < percent) is exactly percent / 100, 0 never and 100 always.
  const sampled = random() * 100 < percent;
  writeJson(store, key, { percent, sampled, tab } satisfies SamplingDecision);
  return sampled;
}

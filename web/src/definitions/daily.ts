// A definition's 30 daily counts (oldest first) as a chart's series. The reply gives counts without their
// days; they end today, so day i is (29 - i) days before today's local midnight.

const DAY = 86_400_000;

export function dailyChartData(daily: readonly number[], now: number = Date.now()): { xs: number[]; ys: number[] } {
  const today = new Date(now);
  const midnight = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
  const n = daily.length;
  return {
    xs: daily.map((_, i) => (midnight - (n - 1 - i) * DAY) / 1000),
    ys: [...daily],
  };
}

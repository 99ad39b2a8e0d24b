interface Props {
  values: readonly number[];
  width?: number;
  height?: number;
  label?: string;
}

/** A tiny inline trend (30 daily counts): a polyline is all a table cell needs, no chart library. */
export function Sparkline({ values, width = 120, height = 28, label }: Props) {
  return (
    <svg class="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <polyline points={sparklinePoints(values, width, height)} fill="none" stroke="currentColor" stroke-width="1.5" />
    </svg>
  );
}

/** SVG points for the values, the largest at the top, zero at the bottom (1 px margin for the stroke). */
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => `${round(i * step)},${round(height - 1 - (Math.max(0, v) / max) * (height - 2))}`)
    .join(' ');
}

const round = (n: number) => Math.round(n * 10) / 10;

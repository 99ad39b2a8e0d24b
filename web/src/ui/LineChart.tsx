import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';
import { nearestSeries, paddedXRange, seriesColour } from '../analytics/chart-data';

// uPlot is a chunk of its own, asked for when the first chart appears: the feed and the player never pay for it.
let loading: Promise<typeof uPlot> | null = null;
const loadUPlot = () => (loading ??= import('uplot').then((m) => m.default));

interface Props {
  /** x values in seconds (uPlot's time scale). */
  xs: number[];
  ys: number[][];
  labels: string[];
  height?: number;
  /** A click on the plot: the series nearest the pointer at the bucket under it. */
  onPointClick?: (seriesIndex: number, bucketIndex: number, at: { left: number; top: number }) => void;
  testId?: string;
}

/** A uPlot line chart with its legend; rebuilt when the data changes, resized with its container. */
export function LineChart({ xs, ys, labels, height = 280, onPointClick, testId = 'line-chart' }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const clickRef = useRef(onPointClick);
  clickRef.current = onPointClick;

  useEffect(() => {
    const element = root.current;
    if (!element) return;
    let dispose: (() => void) | null = null;
    let cancelled = false;
    loadUPlot().then(
      (UPlot) => {
        if (!cancelled) dispose = draw(UPlot, element);
      },
      () => element.setAttribute('data-error', 'The chart could not be loaded.'),
    );
    return () => {
      cancelled = true;
      dispose?.();
    };
  }, [xs, ys, labels, height]);

  const draw = (UPlot: typeof uPlot, element: HTMLDivElement) => {
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      cursor: { focus: { prox: 24 }, points: { size: 8 } },
      focus: { alpha: 0.35 },
      legend: { live: true },
      scales: { x: { time: true, range: () => paddedXRange(xs) } },
      axes: [{}, { size: 56 }],
      series: [
        {},
        ...labels.map((label, i) => ({
          label,
          stroke: seriesColour(i),
          width: 2,
          points: { show: xs.length <= 60 },
        })),
      ],
    };
    const chart = new UPlot(options, [xs, ...ys] as uPlot.AlignedData, element);

    const onClick = () => {
      const bucket = chart.cursor.idx;
      const top = chart.cursor.top;
      if (bucket === null || bucket === undefined || top === undefined || top < 0 || !clickRef.current) return;
      const shown = chart.series.slice(1).map((s) => s.show !== false);
      const series = nearestSeries(ys, bucket, chart.posToVal(top, 'y'), shown);
      if (series === null) return;
      const over = chart.over.getBoundingClientRect();
      clickRef.current(series, bucket, { left: over.left + chart.valToPos(xs[bucket], 'x'), top: over.top + top });
    };
    chart.over.addEventListener('click', onClick);
    chart.over.style.cursor = 'pointer';

    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    element.setAttribute('data-ready', 'true');
    return () => {
      resize.disconnect();
      chart.destroy();
      element.removeAttribute('data-ready');
    };
  };

  return <div class="line-chart" ref={root} data-testid={testId} />;
}

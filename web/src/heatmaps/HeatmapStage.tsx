import { useEffect, useRef, useState } from 'preact/hooks';
import type { HeatmapElement, ReplayMoment } from '@hindsight/types';
import type { Replayer } from '../lib/replayer';
import { describeError } from '../ui/use-request';
import { KIND_COLOURS, layoutMarks, markAlpha, markRadius, pageBox, type Box } from './layout';
import { loadSnapshotEvents } from './snapshot';

interface Props {
  projectId: number;
  /** The click (or page leave) whose replay the page is rebuilt from, at its moment. */
  snapshot: ReplayMoment;
  elements: readonly HeatmapElement[];
  selected: string | null;
  onSelect: (selector: string) => void;
}

type Placed = { selector: string; label: string; clicks: number; box: Box };

/**
 * The page rebuilt from a replay, at the dashboard's width (so it reflows as a narrower or wider window
 * would), as tall as its content, with the clicks drawn on a canvas over it and each clicked element a
 * button over its box. Everything is measured again when the stage or the page changes size.
 */
export function HeatmapStage({ projectId, snapshot, elements, selected, onSelect }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [replayer, setReplayer] = useState<Replayer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [placed, setPlaced] = useState<Placed[]>([]);
  const [missing, setMissing] = useState<string[]>([]);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [drawMs, setDrawMs] = useState<number | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    let built: Replayer | null = null;
    Promise.all([loadSnapshotEvents(projectId, snapshot.replay!.replayId, snapshot.time, controller.signal), import('../lib/replayer')])
      .then(([events, { createReplayer }]) => {
        if (controller.signal.aborted) return;
        if (events.length === 0) throw new Error('The replay holds no events to rebuild the page from.');
        built = createReplayer(root.current!, events, 1);
        built.pause(Math.max(0, snapshot.time - events[0].timestamp));
        setReplayer(built);
      })
      .catch((e) => !controller.signal.aborted && setError(describeError(e)));
    return () => {
      controller.abort();
      built?.destroy();
    };
  }, [projectId, snapshot.replay?.replayId, snapshot.time]);

  useEffect(() => {
    const frame = replayer?.iframe;
    const doc = frame?.contentDocument;
    if (!frame || !doc || !host.current) return;
    let pending = 0;
    const layout = () => {
      pending = 0;
      const started = performance.now();
      const width = host.current!.clientWidth;
      frame.width = String(width);
      frame.style.width = `${width}px`;
      // Reflowed at the new width first, then as tall as what it holds, so nothing in it scrolls.
      const height = Math.max(doc.documentElement.scrollHeight, doc.body?.scrollHeight ?? 0, 1);
      frame.height = String(height);
      frame.style.height = `${height}px`;
      const view = doc.defaultView;
      const boxes = new Map<string, Box | null>();
      const shown: Placed[] = [];
      for (const element of elements) {
        let found: Element | null = null;
        try {
          found = doc.querySelector(element.selector);
        } catch {
          found = null; // a selector this browser cannot read finds nothing
        }
        const box = found ? pageBox(found.getBoundingClientRect(), view?.scrollX ?? 0, view?.scrollY ?? 0) : null;
        boxes.set(element.selector, box);
        if (box && (box.width > 0 || box.height > 0)) shown.push({ selector: element.selector, label: element.label, clicks: element.clicks, box });
      }
      const { marks, missing: lost } = layoutMarks(elements, boxes);
      draw(canvas.current!, width, height, marks);
      setPlaced(shown);
      setMissing(lost);
      setSize({ width, height });
      setDrawMs(performance.now() - started);
    };
    const schedule = () => {
      if (!pending) pending = requestAnimationFrame(layout);
    };
    layout();
    // A page rebuilt later (a snapshot still being applied) or grown by its images is measured again.
    replayer.on('fullsnapshot-rebuilded', schedule);
    const observer = new ResizeObserver(schedule);
    observer.observe(host.current);
    if (doc.body) observer.observe(doc.body);
    return () => {
      observer.disconnect();
      if (pending) cancelAnimationFrame(pending);
    };
  }, [replayer, elements]);

  return (
    <div class="heatmap-stage" ref={host} data-testid="heatmap-stage" data-drawn={drawMs !== null ? 'true' : undefined}
      data-draw-ms={drawMs === null ? undefined : drawMs.toFixed(1)}>
      {error && (
        <p class="analytics-error" role="alert">
          {error}
        </p>
      )}
      <div class="heatmap-frame" ref={root} />
      <canvas class="heatmap-canvas" ref={canvas} data-testid="heatmap-canvas" style={{ width: `${size.width}px`, height: `${size.height}px` }} />
      {placed.map((p) => (
        <button
          key={p.selector}
          type="button"
          class="heatmap-element"
          data-testid="heatmap-element"
          data-selector={p.selector}
          aria-pressed={p.selector === selected ? 'true' : 'false'}
          aria-label={`${p.label}: ${p.clicks} clicks`}
          title={`${p.label}: ${p.clicks.toLocaleString()} clicks`}
          style={{ left: `${p.box.left}px`, top: `${p.box.top}px`, width: `${p.box.width}px`, height: `${p.box.height}px` }}
          onClick={() => onSelect(p.selector)}
        />
      ))}
      {missing.length > 0 && (
        <p class="pane-note heatmap-missing" data-testid="heatmap-missing">
          {missing.length} clicked {missing.length === 1 ? 'element is' : 'elements are'} not on the page as this replay shows it.
        </p>
      )}
    </div>
  );
}

/** The spots on the canvas, sharp on high-density screens. */
function draw(target: HTMLCanvasElement, width: number, height: number, marks: ReturnType<typeof layoutMarks>['marks']) {
  const ratio = window.devicePixelRatio || 1;
  target.width = Math.round(width * ratio);
  target.height = Math.round(height * ratio);
  const ctx = target.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  for (const mark of marks) {
    ctx.globalAlpha = markAlpha(mark);
    ctx.fillStyle = KIND_COLOURS[mark.kind];
    ctx.beginPath();
    ctx.arc(mark.x, mark.y, markRadius(mark), 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}

// The layout math of the heatmap, free of the DOM: where each click is drawn on its element as the page
// is laid out now, and how strongly. A click arrives as its offset in CSS px from its element's top-left
// corner ($offsetX/$offsetY: mixpanel-browser sends no element size, so no fraction of the box can be
// known). It is drawn at that offset from the element's corner in the rebuilt page, kept inside the box:
// when the page is narrower than the visitor's and the element shrank, a click near its right edge stays
// on its right edge rather than spilling onto the next element.

import type { HeatmapClickKind, HeatmapElement } from '@hindsight/types';

/** An element's box in the rebuilt page, in CSS px from the page's top-left corner. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** One spot to draw: its centre on the page, its kind, and its weight from 0 (fewest) to 1 (most). */
export interface Mark {
  x: number;
  y: number;
  kind: HeatmapClickKind;
  count: number;
  weight: number;
}

export interface Layout {
  marks: Mark[];
  /** Elements whose selector finds nothing in the rebuilt page, or only an element that is not shown. */
  missing: string[];
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/** Where a click at (x, y) from its element's corner falls on the element's box as laid out now. */
export function markPosition(box: Box, x: number, y: number): { x: number; y: number } {
  return { x: box.left + clamp(x, 0, box.width), y: box.top + clamp(y, 0, box.height) };
}

/**
 * Every spot of every element found in the page. Weights are relative to the most clicked spot of the
 * whole map, so a hot button outshines a lukewarm one; `boxes` is each selector's box, or null.
 */
export function layoutMarks(elements: readonly HeatmapElement[], boxes: ReadonlyMap<string, Box | null>): Layout {
  let most = 1;
  for (const element of elements) for (const point of element.points) most = Math.max(most, point.count);
  const marks: Mark[] = [];
  const missing: string[] = [];
  for (const element of elements) {
    const box = boxes.get(element.selector);
    if (!box || (box.width === 0 && box.height === 0)) {
      missing.push(element.selector);
      continue;
    }
    for (const point of element.points) {
      const at = markPosition(box, point.x, point.y);
      marks.push({ ...at, kind: point.kind, count: point.count, weight: Math.sqrt(point.count / most) });
    }
  }
  return { marks, missing };
}

/** A spot's radius in CSS px: 6 for a single click, up to 14 for the map's most clicked spot. */
export function markRadius(mark: Mark): number {
  return 6 + 8 * mark.weight;
}

/** A spot's opacity: never fainter than 0.35, so one click still shows. */
export function markAlpha(mark: Mark): number {
  return 0.35 + 0.5 * mark.weight;
}

export const KIND_COLOURS: Record<HeatmapClickKind, string> = {
  click: '#f97316',
  rage: '#dc2626',
  dead: '#6366f1',
};

/** The box of an element relative to its page, from its viewport rectangle and the page's scroll. */
export function pageBox(rect: { left: number; top: number; width: number; height: number }, scrollX: number, scrollY: number): Box {
  return { left: rect.left + scrollX, top: rect.top + scrollY, width: rect.width, height: rect.height };
}

// The canvas part (record_canvas): rrweb records canvases as mixpanel-browser 2.83 asks it to — a picture
// of each canvas 15 times a second at most, as WebP at quality 0.6 — and the privacy filter lets those
// pictures through (canvas-frames.ts), and nothing else a canvas could make rrweb send.
import { IncrementalSource } from '@hindsight/types';
import { RECORDER_PARTS_GLOBAL, type RecorderPartModule } from '../../recorder/parts';
import { sanitiseCanvasFrame } from './canvas-frames';

const canvasPart: RecorderPartModule = {
  create: () => ({
    options: {
      recordCanvas: true,
      // With a number here rrweb sends pictures; without it, the page's drawing calls themselves.
      sampling: { canvas: 15 },
      dataURLOptions: { type: 'image/webp', quality: 0.6 },
    },
    sanitisers: [[`source:${IncrementalSource.CanvasMutation}`, sanitiseCanvasFrame]],
  }),
};

const parts = ((window as unknown as Record<string, Record<string, RecorderPartModule>>)[RECORDER_PARTS_GLOBAL] ||= {});
parts.canvas = canvasPart;

import { record } from '@rrweb/record';
import type { RecordedEvent } from '@hindsight/types';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig, type UserConfig } from '../src/config';
import { privacyFilter, type EventSanitiser } from '../src/recorder/event-privacy';
import { rrwebPrivacyOptions } from '../src/recorder/masking';
import { PrivacyDecisions } from '../src/recorder/privacy-decisions';
import { privacyRules } from '../src/recorder/privacy-rules';
import { partNames, RECORDER_PARTS_GLOBAL, type RecorderPartModule } from '../src/recorder/parts';
import '../src/parts/canvas/entry';

const canvasPart = (window as unknown as Record<string, Record<string, RecorderPartModule>>)[RECORDER_PARTS_GLOBAL].canvas;
const config = (options: UserConfig = {}) => resolveConfig('t', 'hindsight', { record_canvas: true, ...options });

/** Real rrweb on the page (it serializes the canvases and fills its mirror); canvas events are then made here. */
function recordPage(options: UserConfig = {}) {
  const rules = privacyRules(config(options));
  const decisions = new PrivacyDecisions(rules);
  const part = canvasPart.create(config(options), { error: () => {} } as never, () => {});
  const protect = privacyFilter(rules, record.mirror, decisions, new Map(part.sanitisers as Array<[string, EventSanitiser]>));
  const events: RecordedEvent[] = [];
  stopRecording = record({ ...rrwebPrivacyOptions(rules, decisions), emit: (event) => events.push(event as unknown as RecordedEvent) })!;
  return { protect, events };
}

let stopRecording: (() => void) | undefined;

// "RIFF....WEBP" and PNG's signature, as rrweb's worker sends them: base64 of the encoded file.
const WEBP = btoa('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ');
const PNG = btoa('\u0089PNG\r\n\u001a\n\u0000\u0000');

function frame(id: number, base64 = WEBP, type = 'image/webp'): RecordedEvent {
  return {
    type: 3,
    timestamp: 1,
    data: {
      source: 9, id, type: 0,
      commands: [
        { property: 'clearRect', args: [0, 0, 40, 30] },
        { property: 'drawImage', args: [{ rr_type: 'ImageBitmap', args: [{ rr_type: 'Blob', data: [{ rr_type: 'ArrayBuffer', base64 }], type }] }, 0, 0] },
      ],
    },
  };
}

describe('the canvas part', () => {
  afterEach(() => {
    stopRecording?.();
    stopRecording = undefined;
    document.body.innerHTML = '';
  });

  it('is loaded only when record_canvas is on, which it is not by default', () => {
    expect(resolveConfig('t', 'hindsight', {}).record_canvas).toBe(false);
    expect(partNames(resolveConfig('t', 'hindsight', {}))).not.toContain('canvas');
    expect(partNames(config())).toContain('canvas');
  });

  it("asks rrweb for mixpanel-browser's canvas options: sampled WebP pictures at 15 a second", () => {
    expect(canvasPart.create(config(), {} as never, () => {}).options).toEqual({
      recordCanvas: true, sampling: { canvas: 15 }, dataURLOptions: { type: 'image/webp', quality: 0.6 },
    });
  });

  it('lets the WebP or PNG pictures of an unblocked canvas through', () => {
    document.body.innerHTML = '<canvas id="chart"></canvas>';
    const { protect } = recordPage();
    const id = record.mirror.getId(document.getElementById('chart')!);
    expect(protect(frame(id))).not.toBeNull();
    expect(protect(frame(id, PNG, 'image/png'))).not.toBeNull();
  });

  it('drops the pictures of a canvas inside a blocked element, and of ids that are no canvas', () => {
    document.body.innerHTML = '<div class="mp-block"><canvas id="secret"></canvas></div><canvas id="by-selector" data-x></canvas><p id="p">x</p>';
    const { protect } = recordPage({ record_block_selector: 'img, video, audio, [data-x]' });
    const secret = document.getElementById('secret')!;
    // rrweb does not serialize inside a blocked element; even were the canvas known, it stays blocked.
    expect(protect(frame(record.mirror.getId(secret)))).toBeNull();
    expect(protect(frame(record.mirror.getId(document.getElementById('by-selector')!)))).toBeNull();
    expect(protect(frame(record.mirror.getId(document.getElementById('p')!)))).toBeNull();
    expect(protect(frame(987654))).toBeNull();
  });

  it('drops drawing-call streams, which would carry fillText in clear, and anything else not a picture', () => {
    document.body.innerHTML = '<canvas id="chart"></canvas>';
    const { protect } = recordPage();
    const id = record.mirror.getId(document.getElementById('chart')!);
    const commands = (commands: unknown[], type = 0): RecordedEvent => ({ type: 3, timestamp: 1, data: { source: 9, id, type, commands } });
    const picture = (frame(id).data as { commands: unknown[] }).commands;
    expect(protect(commands([{ property: 'fillText', args: ['Ada Lovelace', 10, 10] }]))).toBeNull();
    expect(protect(commands([picture[0], { property: 'fillText', args: ['Ada Lovelace', 0, 0] }]))).toBeNull();
    expect(protect(commands([...picture, { property: 'fillText', args: ['Ada', 0, 0] }]))).toBeNull();
    expect(protect(commands(picture, 1))).toBeNull(); // WebGL
    expect(protect({ type: 3, timestamp: 1, data: { source: 9, id, type: 0, property: 'fillText', args: ['Ada', 0, 0] } })).toBeNull();
    expect(protect(frame(id, btoa('Ada Lovelace'), 'image/webp'))).toBeNull();
    expect(protect(frame(id, WEBP, 'text/plain'))).toBeNull();
    expect(protect(frame(id, `${WEBP}"Ada"`))).toBeNull();
  });

  it("keeps an unblocked canvas's snapshot picture, and removes anything in rr_dataURL that is not an image", () => {
    document.body.innerHTML = '<canvas id="a"></canvas><canvas id="b"></canvas>';
    const { protect, events } = recordPage();
    const snapshot = events.find((event) => event.type === 2)!;
    const canvases: Array<{ attributes: Record<string, string> }> = [];
    const walk = (node: { tagName?: string; attributes?: Record<string, string>; childNodes?: unknown[] }) => {
      if (node.tagName === 'canvas') canvases.push(node as never);
      for (const child of node.childNodes || []) walk(child as never);
    };
    walk((snapshot.data as { node: never }).node);
    canvases[0].attributes.rr_dataURL = `data:image/webp;base64,${WEBP}`;
    canvases[1].attributes.rr_dataURL = 'data:text/html,<p>Ada Lovelace</p>';
    const json = JSON.stringify(protect(snapshot));
    expect(json).toContain(`data:image/webp;base64,${WEBP}`);
    expect(json).not.toContain('Ada');
  });
});

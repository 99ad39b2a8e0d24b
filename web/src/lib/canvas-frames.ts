// Canvas replay without scripts in the replay iframe. rrweb draws canvas frames only with
// UNSAFE_replayCanvas, which needs `allow-scripts` in the sandbox; recorded pages are untrusted, so the
// iframe never gets it. This replay plugin draws the frames instead, from the dashboard's own code: the
// iframe is same-origin, so its <canvas> elements can be reached from here. Each frame is a picture (the
// SDK's canvas part sends nothing else): an encoded WebP or PNG, decoded here with createImageBitmap and
// drawn on the replayed canvas's 2D context. Seeks follow: each canvas shows the latest frame at or before
// the current time.
import { EventType, IncrementalSource, type RecordedEvent } from '@hindsight/types';

/** rrweb's sampled frame: clearRect(0, 0, w, h), then drawImage(ImageBitmap(Blob([ArrayBuffer]))), x, y). */
interface Picture {
  clear: [number, number, number, number];
  type: string;
  base64: string;
  x: number;
  y: number;
}

interface Mirror {
  getNode(id: number): Node | null;
}

/** The part of rrweb's Replayer the plugin uses. */
interface ReplayerLike {
  getMirror(): Mirror;
}

/** rrweb's ReplayPlugin, kept structural (rrweb's replay package does not export the type). */
export interface ReplayPluginLike {
  handler?: (event: unknown, isSync: boolean, context: { replayer: ReplayerLike }) => void;
  onBuild?: (node: Node, context: { id: number; replayer: ReplayerLike }) => void;
}

const IMAGE_TYPES = ['image/webp', 'image/png'];

const num = (value: unknown): value is number => typeof value === 'number' && isFinite(value);

/** The picture in a canvas event, or null for anything that is not one (those are never drawn). */
export function pictureOf(event: RecordedEvent): { id: number; picture: Picture } | null {
  if (event.type !== EventType.IncrementalSnapshot) return null;
  const data = event.data as { source?: number; id?: unknown; type?: unknown; commands?: unknown } | null;
  if (!data || data.source !== IncrementalSource.CanvasMutation || !num(data.id) || data.type !== 0) return null;
  if (!Array.isArray(data.commands) || data.commands.length !== 2) return null;
  const [clear, draw] = data.commands as Array<{ property?: unknown; args?: unknown[] }>;
  if (clear?.property !== 'clearRect' || !Array.isArray(clear.args) || clear.args.length !== 4 || !clear.args.every(num)) return null;
  if (draw?.property !== 'drawImage' || !Array.isArray(draw.args) || draw.args.length !== 3) return null;
  const [bitmap, x, y] = draw.args as [{ rr_type?: unknown; args?: Array<{ rr_type?: unknown; type?: unknown; data?: Array<{ base64?: unknown }> }> }, unknown, unknown];
  const blob = bitmap?.rr_type === 'ImageBitmap' ? bitmap.args?.[0] : undefined;
  const base64 = blob?.rr_type === 'Blob' ? blob.data?.[0]?.base64 : undefined;
  if (typeof base64 !== 'string' || IMAGE_TYPES.indexOf(String(blob!.type)) < 0 || !num(x) || !num(y)) return null;
  return { id: data.id, picture: { clear: clear.args as Picture['clear'], type: String(blob!.type), base64, x, y } };
}

function decode(picture: Picture): Promise<ImageBitmap> {
  const binary = atob(picture.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return createImageBitmap(new Blob([bytes], { type: picture.type }));
}

/** A fresh plugin for one Replayer: it remembers which frame each canvas shows. */
export function canvasFramesPlugin(): ReplayPluginLike {
  /** Per canvas id, the latest frame cast so far (what the canvas must show). */
  const latest = new Map<number, Picture>();
  let replayer: ReplayerLike | null = null;
  let redrawQueued = false;

  const draw = async (id: number, picture: Picture) => {
    let bitmap: ImageBitmap;
    try {
      bitmap = await decode(picture);
    } catch {
      return; // A frame that does not decode leaves the canvas as it was.
    }
    try {
      // A later frame (or a seek) may have come while this one decoded; only the latest is drawn.
      if (latest.get(id) !== picture || !replayer) return;
      const canvas = replayer.getMirror().getNode(id) as HTMLCanvasElement | null;
      if (!canvas || canvas.nodeName !== 'CANVAS') return;
      const context = canvas.getContext('2d');
      if (!context) return;
      context.clearRect(...picture.clear);
      context.drawImage(bitmap, picture.x, picture.y);
    } finally {
      bitmap.close();
    }
  };

  // While seeking, rrweb casts many events at once (and may build the page in a virtual DOM first): the
  // canvases are drawn once, with their latest frames, after it is done.
  const redrawAll = () => {
    if (redrawQueued) return;
    redrawQueued = true;
    setTimeout(() => {
      redrawQueued = false;
      for (const [id, picture] of latest) void draw(id, picture);
    });
  };

  return {
    handler(raw, isSync, context) {
      replayer = context.replayer;
      const event = raw as RecordedEvent;
      // A seek back starts again from a full snapshot, whose canvases carry their own pictures.
      if (event.type === EventType.FullSnapshot) return latest.clear();
      const frame = pictureOf(event);
      if (!frame) return;
      latest.set(frame.id, frame.picture);
      if (isSync) redrawAll();
      else void draw(frame.id, frame.picture);
    },
    onBuild(node, context) {
      replayer = context.replayer;
      // A canvas built again (rrweb's virtual DOM after a seek) starts blank: give it its frame back.
      if (node.nodeName === 'CANVAS' && latest.has(context.id)) redrawAll();
    },
  };
}

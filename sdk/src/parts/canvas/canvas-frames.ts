// The privacy sanitiser for canvas events (IncrementalSource.CanvasMutation). With `sampling.canvas` set,
// rrweb sends each canvas as a picture: a clearRect of the whole canvas, then a drawImage of an
// ImageBitmap made from an encoded image (WebP where the browser can encode it). Without sampling it would
// send the page's own 2D/WebGL calls instead, and those carry whatever the page drew — fillText's text
// among them — in clear. Only the picture shape passes here, and only for a canvas that is not blocked.
import type { RecordedEvent } from '@hindsight/types';
import type { EventSanitiser, SanitiserContext } from '../../recorder/event-privacy';

/** rrweb's CanvasContext['2D']: the only kind its sampled frames use. */
const CONTEXT_2D = 0;
/** The image types a frame may hold: what dataURLOptions asks for, and PNG where WebP cannot be encoded. */
const IMAGE_TYPES = ['image/webp', 'image/png'];
/** The first bytes of each, base64-encoded: "RIFF" and PNG's signature. */
const MAGIC = ['UklGR', 'iVBORw0KGgo'];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

interface Command {
  property?: unknown;
  args?: unknown;
  setter?: unknown;
}

interface CanvasData {
  id?: unknown;
  type?: unknown;
  commands?: unknown;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && isFinite(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object';
}

/** `{ rr_type: 'ImageBitmap', args: [{ rr_type: 'Blob', data: [{ rr_type: 'ArrayBuffer', base64 }], type }] }` */
function isEncodedImage(value: unknown): boolean {
  if (!isRecord(value) || value.rr_type !== 'ImageBitmap' || !Array.isArray(value.args) || value.args.length !== 1) return false;
  const blob = value.args[0];
  if (!isRecord(blob) || blob.rr_type !== 'Blob' || !Array.isArray(blob.data) || blob.data.length !== 1) return false;
  const index = IMAGE_TYPES.indexOf(String(blob.type));
  if (index < 0) return false;
  const buffer = blob.data[0];
  if (!isRecord(buffer) || buffer.rr_type !== 'ArrayBuffer' || typeof buffer.base64 !== 'string') return false;
  return buffer.base64.startsWith(MAGIC[index]) && BASE64.test(buffer.base64);
}

/** Exactly rrweb's sampled frame: clearRect(0, 0, w, h), then drawImage(<encoded image>, 0, 0). */
export function isSampledFrame(data: CanvasData): boolean {
  if (data.type !== CONTEXT_2D || !Array.isArray(data.commands) || data.commands.length !== 2) return false;
  const [clear, draw] = data.commands as Command[];
  if (!isRecord(clear) || clear.property !== 'clearRect' || clear.setter || !Array.isArray(clear.args)) return false;
  if (clear.args.length !== 4 || !clear.args.every(isNumber)) return false;
  if (!isRecord(draw) || draw.property !== 'drawImage' || draw.setter || !Array.isArray(draw.args)) return false;
  return draw.args.length === 3 && isEncodedImage(draw.args[0]) && isNumber(draw.args[1]) && isNumber(draw.args[2]);
}

/** Keeps a sampled frame of a live, unblocked <canvas>; drops everything else. */
export const sanitiseCanvasFrame: EventSanitiser = (event: RecordedEvent, context: SanitiserContext) => {
  const data = event.data as CanvasData | null;
  if (!data || !isNumber(data.id) || !isSampledFrame(data)) return false;
  const node = context.node(data.id);
  // A canvas rrweb's mirror does not know was never serialized (it is inside a blocked element, or gone).
  if (!node || node.nodeName.toLowerCase() !== 'canvas') return false;
  return !context.blocked(node);
};

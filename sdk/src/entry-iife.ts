// hindsight.js: the script-tag build. Defines window.hindsight and, when the async snippet got there
// first, replays the calls its stub queued.
import { originOf } from './config';
import { Hindsight } from './hindsight';
import { replayQueue } from './snippet-queue';

const global = window as unknown as { hindsight?: unknown };
const existing = global.hindsight as { __hindsight?: boolean } | unknown[] | undefined;

if (existing && !Array.isArray(existing) && existing.__hindsight) {
  // Loaded twice (the snippet pasted twice, or a tag manager adding it again): keep the first copy.
  if (typeof console !== 'undefined') console.warn('[hindsight] hindsight.js is included more than once');
} else {
  // currentScript is only set while this file first runs, which is now.
  const script = document.currentScript as HTMLScriptElement | null;
  const hindsight = new Hindsight(originOf(script?.src));
  global.hindsight = hindsight;
  if (Array.isArray(existing)) replayQueue(hindsight, existing);
}

// Stack traces as rrweb's console plugin stores them: one string per frame, `fn (file:line:col)` or
// `file:line:col`. Reads the two stack formats browsers write: V8's `    at fn (file:1:2)` and
// Firefox/Safari's `fn@file:1:2`.
import { cut, type ConsoleLimits } from './limits';

const V8_FRAME = /^\s*at (?:(.+?) \()?(.+?)\)?$/;
const GECKO_FRAME = /^(.*?)@(.+)$/;

function frame(line: string): string | null {
  const v8 = /^\s*at /.test(line) ? V8_FRAME.exec(line) : null;
  if (v8) {
    const location = v8[2];
    return v8[1] ? `${v8[1]} (${location})` : location;
  }
  const gecko = GECKO_FRAME.exec(line.trim());
  if (gecko && /:\d+/.test(gecko[2])) return gecko[1] ? `${gecko[1]} (${gecko[2]})` : gecko[2];
  return null;
}

/** The frames of a stack, skipping the first `skip` (our own wrapper's), bounded. */
export function traceOf(stack: string | undefined, limits: ConsoleLimits, skip = 0): string[] {
  if (!stack) return [];
  const frames: string[] = [];
  for (const line of stack.split('\n')) {
    const f = frame(line);
    if (f) frames.push(cut(f, limits.stringLengthLimit));
  }
  return frames.slice(skip, skip + limits.traceLimit);
}

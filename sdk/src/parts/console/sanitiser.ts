// The privacy filter's check for `rrweb/console@1` events (event-privacy.ts lets a Plugin event through
// only by its plugin's sanitiser). The plugin's own output is already bounded; this is where it is
// scrubbed (scrub.ts), and where anything not shaped like a console message — from a plugin of the same
// name that is not ours, say — is dropped or cut back to the bounds, before anything is queued.
import type { RecordedEvent } from '@hindsight/types';
import { cut, cutJson, type ConsoleLimits } from './limits';
import { LEVELS, type ConsoleMessage } from './console-plugin';
import { scrubArgument, scrubText } from './scrub';

function strings(value: unknown, count: number): string[] | null {
  if (!Array.isArray(value)) return null;
  return value.slice(0, count).filter((item): item is string => typeof item === 'string');
}

/** A frame's location is scrubbed without its `:line:col`, which would otherwise read as part of a value. */
function scrubFrame(frame: string): string {
  const at = /^(.*?)(:\d+(?::\d+)?\)?)$/.exec(frame);
  return at ? scrubText(at[1]) + at[2] : scrubText(frame);
}

export function consoleSanitiser(limits: ConsoleLimits) {
  return (event: RecordedEvent): boolean => {
    const data = event.data as { plugin: string; payload?: unknown };
    const message = data.payload as Partial<ConsoleMessage> | null | undefined;
    if (!message || typeof message !== 'object') return false;
    if ((LEVELS as readonly unknown[]).indexOf(message.level) < 0) return false;
    const trace = strings(message.trace ?? [], limits.traceLimit);
    const payload = strings(message.payload, limits.argumentsLimit + 1);
    if (!trace || !payload) return false;
    const clean: ConsoleMessage = {
      level: message.level as ConsoleMessage['level'],
      trace: trace.map((frame) => scrubFrame(cut(frame, limits.stringLengthLimit))),
      payload: payload.map((arg) => cutJson(scrubArgument(cutJson(arg, limits.argumentLengthLimit)), limits.argumentLengthLimit)),
    };
    data.payload = clean;
    return true;
  };
}

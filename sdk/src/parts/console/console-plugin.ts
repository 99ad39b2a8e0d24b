// rrweb's console record plugin, `rrweb/console@1`, written for Hindsight with the wire format of the one
// mixpanel-browser 2.83 uses (@mixpanel/rrweb-plugin-console-record): each message is a Plugin event whose
// payload is `{ level, trace, payload }`, `payload` the logged arguments each stringified (stringify.ts),
// `trace` the caller's stack frames. Uncaught errors and unhandled rejections are recorded as `error`.
//
// The page comes first: each wrapped console method calls the page's original before anything of ours,
// returns what it returned, and anything that fails in our code is swallowed. Stopping puts the original
// back (or, when a later script wrapped ours, leaves ours in place doing nothing).
import { cut, THRESHOLD_MESSAGE, type ConsoleLimits } from './limits';
import { traceOf } from './stack';
import { stringifyArgument } from './stringify';

export const PLUGIN_NAME = 'rrweb/console@1';

/** The levels rrweb's plugin records by default, mixpanel-browser's among them. */
export const LEVELS = [
  'assert', 'clear', 'count', 'countReset', 'debug', 'dir', 'dirxml', 'error', 'group', 'groupCollapsed',
  'groupEnd', 'info', 'log', 'table', 'time', 'timeEnd', 'timeLog', 'trace', 'warn',
] as const;
export type Level = (typeof LEVELS)[number];

export interface ConsoleMessage {
  level: Level;
  trace: string[];
  payload: string[];
}

/** How many messages a run has recorded: shared by the page and its same-origin iframes. */
export interface MessageBudget {
  used: number;
}

export interface ConsolePluginOptions {
  limits: ConsoleLimits;
  budget: MessageBudget;
}

type Emit = (message: ConsoleMessage) => void;

function payloadOf(args: unknown[], limits: ConsoleLimits): string[] {
  const payload = args.slice(0, limits.argumentsLimit).map((arg) => stringifyArgument(arg, limits));
  if (args.length > limits.argumentsLimit) payload.push(JSON.stringify(`... ${args.length - limits.argumentsLimit} more arguments`));
  return payload;
}

/** Emits within the run's budget: the message that reaches it is replaced by the one marker. */
function budgeted(emit: Emit, options: ConsolePluginOptions): Emit {
  return (message) => {
    const { budget, limits } = options;
    if (budget.used > limits.messagesLimit) return;
    budget.used++;
    if (budget.used <= limits.messagesLimit) emit(message);
    else emit({ level: 'warn', trace: [], payload: [JSON.stringify(THRESHOLD_MESSAGE)] });
  };
}

function errorMessage(event: ErrorEvent, limits: ConsoleLimits): ConsoleMessage {
  const error = event.error as { stack?: string } | null | undefined;
  const trace = error && typeof error.stack === 'string'
    ? traceOf(error.stack, limits)
    : event.filename ? [cut(`${event.filename}:${event.lineno}:${event.colno}`, limits.stringLengthLimit)] : [];
  return { level: 'error', trace, payload: [stringifyArgument(event.message, limits)] };
}

function rejectionMessage(event: PromiseRejectionEvent, limits: ConsoleLimits): ConsoleMessage {
  const reason = event.reason as unknown;
  if (reason instanceof Error) {
    return {
      level: 'error',
      trace: traceOf(reason.stack, limits),
      payload: [stringifyArgument(`Uncaught (in promise) ${reason.name}: ${reason.message}`, limits)],
    };
  }
  return { level: 'error', trace: [], payload: [stringifyArgument('Uncaught (in promise)', limits), stringifyArgument(reason, limits)] };
}

/** Wraps one console method; answers the function that undoes it. */
function wrap(target: Record<string, unknown>, level: Level, record: (level: Level, args: unknown[], site: Error) => void): () => void {
  const original = target[level];
  if (typeof original !== 'function') return () => {};
  let active = true;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const result = (original as (...a: unknown[]) => unknown).apply(this, args);
    // Made here so that its stack's first frame is this wrapper and the next the page's call.
    if (active) record(level, args, new Error());
    return result;
  };
  try {
    target[level] = wrapped;
  } catch {
    return () => {};
  }
  return () => {
    active = false;
    try {
      if (target[level] === wrapped) target[level] = original;
    } catch {
      // A console that refuses to be changed back keeps our wrapper, now inert.
    }
  };
}

/** rrweb's plugin observer: called for the page and for each same-origin iframe; answers how to stop. */
export function observeConsole(emit: (payload: unknown) => void, win: Window, options: unknown): () => void {
  const opts = options as ConsolePluginOptions;
  const { limits } = opts;
  const send = budgeted(emit as Emit, opts);
  // Our own code may log (or be logged by a page's wrapper) while recording: that is not recorded twice.
  let inside = false;
  const guarded = (make: () => ConsoleMessage | null) => {
    if (inside) return;
    inside = true;
    try {
      const message = make();
      if (message) send(message);
    } catch {
      // Whatever failed here, the page's console call has already happened; nothing is recorded.
    } finally {
      inside = false;
    }
  };
  const undo: Array<() => void> = [];
  const onError = (event: ErrorEvent) => guarded(() => errorMessage(event, limits));
  const onRejection = (event: PromiseRejectionEvent) => guarded(() => rejectionMessage(event, limits));
  try {
    win.addEventListener('error', onError);
    win.addEventListener('unhandledrejection', onRejection);
    undo.push(() => win.removeEventListener('error', onError), () => win.removeEventListener('unhandledrejection', onRejection));
    const target = (win as unknown as { console?: Record<string, unknown> }).console;
    if (target) {
      for (const level of LEVELS) {
        undo.push(wrap(target, level, (lvl, args, site) => guarded(() => {
          // console.assert logs only when its condition fails, and the condition is not part of the message.
          if (lvl === 'assert' && args[0]) return null;
          const logged = lvl === 'assert' ? args.slice(1) : args;
          return { level: lvl, trace: traceOf(site.stack, limits, 1), payload: payloadOf(logged, limits) };
        })));
      }
    }
  } catch {
    // A window we cannot observe is left alone.
  }
  return () => {
    for (const u of undo) {
      try {
        u();
      } catch {
        // Keep undoing the rest.
      }
    }
  };
}

// The snippet's stub records calls made before hindsight.js arrives as ['method', ...args], nested ones
// as ['people.set', ...args]. They are replayed in the order the site made them, so an identify() made
// before a track() applies to it, exactly as if the SDK had been there all along.

export type QueuedCall = [string, ...unknown[]];

/** Calls `path` ('track', 'people.set') on `target` with the queued arguments. */
export function invoke(target: object, call: QueuedCall): unknown {
  if (!Array.isArray(call) || typeof call[0] !== 'string') return undefined;
  const [path, ...args] = call;
  const parts = path.split('.');
  const method = parts.pop()!;
  let owner = target as Record<string, unknown>;
  for (const part of parts) owner = owner?.[part] as Record<string, unknown>;
  const fn = owner?.[method];
  return typeof fn === 'function' ? fn.apply(owner, args) : undefined;
}

/** Replays a stub's queue; one bad call does not stop the ones after it. */
export function replayQueue(target: object, calls: unknown[]): void {
  for (const call of calls) {
    try {
      invoke(target, call as QueuedCall);
    } catch (error) {
      if (typeof console !== 'undefined') console.error('[hindsight] a queued call failed', call, error);
    }
  }
}

// window.onHindsightReady: a page-level hook for sites whose code runs on many pages and cannot know
// whether the SDK has loaded (WalkMe's model). Assign a function; it is called once, with the instance,
// when the SDK is ready (remote settings applied, the recording decision made) — at once if the SDK was
// ready before the assignment. Only the primary instance announces itself here.
export const READY_HOOK = 'onHindsightReady';

function call(hook: unknown, instance: unknown, onError: (error: unknown) => void): void {
  if (typeof hook !== 'function') return;
  try {
    hook(instance);
  } catch (error) {
    onError(error);
  }
}

export function announceReady(instance: unknown, onError: (error: unknown) => void): void {
  const target = window as unknown as Record<string, unknown>;
  let current = target[READY_HOOK];
  call(current, instance, onError);
  try {
    // From now on an assignment runs at once; reading gives back what was assigned.
    Object.defineProperty(window, READY_HOOK, {
      configurable: true,
      get: () => current,
      set: (hook: unknown) => {
        current = hook;
        call(hook, instance, onError);
      },
    });
  } catch {
    // A site made the property unconfigurable: late assignments are its own affair.
  }
}

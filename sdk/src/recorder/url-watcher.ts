// Single-page-app navigations: history.pushState / replaceState, back and forward (popstate) and hash
// changes move to a new URL without a page load, so rrweb takes no new snapshot and records no URL. The
// recorder marks each change with a Meta event (as a page load does), which the player handles and the
// server adds to the replay's URLs. history is patched once per page, whatever number of instances.
type Listener = () => void;

const listeners = new Set<Listener>();
let patched = false;

function notify(): void {
  for (const listener of [...listeners]) {
    try {
      listener();
    } catch {
      // One instance's failure is not the site's problem, nor another instance's.
    }
  }
}

function patch(): void {
  if (patched) return;
  patched = true;
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    if (typeof original !== 'function') continue;
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      notify();
      return result;
    };
  }
  addEventListener('popstate', notify);
  addEventListener('hashchange', notify);
}

/** Calls `onChange` with the new URL whenever it changes without a page load; returns the unsubscribe. */
export function watchUrl(onChange: (href: string) => void): () => void {
  patch();
  let last = location.href;
  const listener = () => {
    if (location.href === last) return;
    last = location.href;
    onChange(last);
  };
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

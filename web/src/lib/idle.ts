// Work that can wait: formatting that loads the browser's locale data the first time (tens of
// milliseconds on a slow machine), done once what the user is waiting for, a replay's first frame, is up.

import { useEffect, useState } from 'preact/hooks';

/** False until the browser is first idle after the component mounted (at most a second later). */
export function useIdle(): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(() => setIdle(true), { timeout: 1_000 });
      return () => cancelIdleCallback(id);
    }
    const timer = setTimeout(() => setIdle(true), 200);
    return () => clearTimeout(timer);
  }, []);
  return idle;
}

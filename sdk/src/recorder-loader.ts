// Loads the recorder bundle only when a recording starts, so pages that are not recorded never pay for
// rrweb; the recorder loads its optional parts (recorder/parts.ts) the same way. A bundle registers itself
// on window (under `global`, or under `global[key]`) as it runs; the script's load event then tells us it
// is there. A site that includes a bundle itself skips the request.
import { RECORDER_GLOBAL, type RecorderModule } from './recorder-api';

const loading: Record<string, Promise<unknown>> = {};

export function loadBundle<T>(src: string, global: string, key?: string): Promise<T> {
  const registered = (): T | undefined => {
    const value = (window as unknown as Record<string, Record<string, T> | undefined>)[global];
    return (key === undefined ? value : value?.[key]) as T | undefined;
  };
  const ready = registered();
  if (ready) return Promise.resolve(ready);
  return (loading[src] ||= new Promise<T>((resolve, reject) => {
    const script = document.createElement('script');
    // A script added by script is async already (its force-async flag): nothing waits on it.
    script.src = src;
    script.onload = () => {
      const module = registered();
      if (module) resolve(module);
      else reject(new Error(`${src} registered nothing`));
    };
    script.onerror = () => reject(new Error(`${src} failed to load`));
    (document.head || document.documentElement).appendChild(script);
  }).catch((error) => {
    // Let a later recording try again (the server may have been briefly unreachable).
    delete loading[src];
    throw error;
  })) as Promise<T>;
}

export function loadRecorder(src: string): Promise<RecorderModule> {
  return loadBundle<RecorderModule>(src, RECORDER_GLOBAL);
}

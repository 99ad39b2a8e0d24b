// Loads the recorder bundle only when a recording starts, so pages that are not recorded never pay for
// rrweb; the recorder loads its optional parts (recorder/parts.ts) the same way. A bundle registers itself
// on window (under `global`, or under `global[key]`) as it runs; the script's load event then tells us it
// is there. A site that includes a bundle itself skips the request.
import { RECORDER_GLOBAL, type RecorderModule } from './recorder-api';

const loading = new Map<string, Promise<unknown>>();

function registered<T>(global: string, key?: string): T | undefined {
  const value = (window as unknown as Record<string, unknown>)[global];
  if (key === undefined) return value as T | undefined;
  return (value as Record<string, T> | undefined)?.[key];
}

export function loadBundle<T>(src: string, global: string, key?: string): Promise<T> {
  const ready = registered<T>(global, key);
  if (ready) return Promise.resolve(ready);
  const id = `${global}/${key ?? ''}`;
  let pending = loading.get(id) as Promise<T> | undefined;
  if (!pending) {
    pending = new Promise<T>((resolve, reject) => {
      const script = document.createElement('script');
      script.async = true;
      script.src = src;
      script.onload = () => {
        const module = registered<T>(global, key);
        if (module) resolve(module);
        else reject(new Error(`${src} loaded but did not register ${key ?? 'a recorder'}`));
      };
      script.onerror = () => reject(new Error(`Could not load ${src}`));
      (document.head || document.documentElement).appendChild(script);
    }).catch((error) => {
      // Let a later recording try again (the server may have been briefly unreachable).
      loading.delete(id);
      throw error;
    });
    loading.set(id, pending);
  }
  return pending;
}

export function loadRecorder(src: string): Promise<RecorderModule> {
  return loadBundle<RecorderModule>(src, RECORDER_GLOBAL);
}

// Loads the recorder bundle only when a recording starts, so pages that are not recorded never pay for
// rrweb. The bundle registers itself on window (RECORDER_GLOBAL) as it runs; the script's load event
// then tells us it is there. A site that includes the recorder itself skips the request.
import { RECORDER_GLOBAL, type RecorderModule } from './recorder-api';

let loading: Promise<RecorderModule> | null = null;

function registered(): RecorderModule | undefined {
  return (window as unknown as Record<string, RecorderModule | undefined>)[RECORDER_GLOBAL];
}

export function loadRecorder(src: string): Promise<RecorderModule> {
  const ready = registered();
  if (ready) return Promise.resolve(ready);
  if (!loading) {
    loading = new Promise<RecorderModule>((resolve, reject) => {
      const script = document.createElement('script');
      script.async = true;
      script.src = src;
      script.onload = () => {
        const module = registered();
        if (module) resolve(module);
        else reject(new Error(`${src} loaded but did not register a recorder`));
      };
      script.onerror = () => reject(new Error(`Could not load the recorder from ${src}`));
      (document.head || document.documentElement).appendChild(script);
    }).catch((error) => {
      // Let a later recording try again (the server may have been briefly unreachable).
      loading = null;
      throw error;
    });
  }
  return loading;
}

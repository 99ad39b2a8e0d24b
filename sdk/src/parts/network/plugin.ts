// The rrweb record plugin: mixpanel-browser 2.83's plugin name and payload ({ requests, isInitial? }), so a
// replay recorded by either SDK plays alike.
import type { RecordPluginLike } from '../../recorder/parts';
import { observeFetch } from './fetch-observer';
import { ignored, type NetworkData, type NetworkOptions } from './options';
import { observePerformance } from './performance-observer';
import { observeXhr } from './xhr-observer';

export const NETWORK_PLUGIN_NAME = 'rrweb/network@1.mp';

/** rrweb calls this for the page and each same-origin frame it records, with that frame's window. */
function observeNetwork(callback: (data: NetworkData) => void, win: Window, options: NetworkOptions): () => void {
  if (!win || !('performance' in win)) return () => {};
  const cb = (data: NetworkData) => {
    const requests = data.requests.filter((request) => !ignored(options, request));
    if (requests.length > 0 || data.isInitial) callback({ ...data, requests });
  };
  const stops = [observePerformance, observeXhr, observeFetch].map((observe) => {
    try {
      return observe(cb, win, options);
    } catch {
      return () => {};
    }
  });
  return () => stops.forEach((stop) => stop());
}

export function networkPlugin(options: NetworkOptions): RecordPluginLike {
  return {
    name: NETWORK_PLUGIN_NAME,
    observer: observeNetwork as RecordPluginLike['observer'],
    options,
  };
}

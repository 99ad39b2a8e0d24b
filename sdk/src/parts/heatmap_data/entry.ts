// The heatmap data part (hindsight-recorder-heatmap_data.js), loaded by the recorder when
// `record_heatmap_data` is on (mixpanel-browser 2.83's option, default false, settable remotely). While a
// replay is recorded, and only then (it runs as an rrweb plugin, so it starts and stops with rrweb), it
// tracks the events mixpanel-browser sends for its heatmaps, with their names and properties:
//   $mp_click       every click (element-props.ts: the element chain, pointer and page sizes; never text)
//   $mp_rage_click  rage-click.ts
//   $mp_dead_click  dead-click.ts
//   $mp_page_leave  when the page is hidden or the site navigates: how far down the visitor saw
// Each is an ordinary tracked event, so it carries the replay's $mp_replay_id. The plugin emits nothing
// into the replay itself.
import type { RecorderPartModule, TrackFn } from '../../recorder/parts';
import { RECORDER_PARTS_GLOBAL } from '../../recorder/parts';
import { watchUrl } from '../../recorder/url-watcher';
import { DeadClickDetector } from './dead-click';
import { clickProps, viewport } from './element-props';
import { RageClickDetector } from './rage-click';

/** Starts the heatmap listeners on the recorded page; returns what stops them. */
export function observeHeatmapData(track: TrackFn): () => void {
  const trackClick = (name: string, event: MouseEvent) => {
    const props = clickProps(event);
    if (props) track(name, props);
  };
  const rage = new RageClickDetector();
  const dead = new DeadClickDetector((event) => trackClick('$mp_dead_click', event));
  const stopDead = dead.start();
  const onClick = (event: MouseEvent) => {
    trackClick('$mp_click', event);
    if (rage.isRageClick(event.pageX, event.pageY, Date.now())) trackClick('$mp_rage_click', event);
    dead.click(event);
  };

  // Page leave: the deepest point seen (viewport bottom at its lowest), as mixpanel measures it.
  let deepest = viewport().$viewportHeight;
  let pageUrl = location.href;
  let left = false;
  const scrolled = () => (deepest = Math.max(deepest, viewport().$viewportHeight + scrollY));
  const leave = (type: string) => {
    if (left) return;
    left = true;
    const { $viewportHeight, $viewportWidth } = viewport();
    const height = document.body?.scrollHeight || $viewportHeight;
    const fits = height <= $viewportHeight;
    track('$mp_page_leave', {
      $max_scroll_view_depth: deepest,
      $max_scroll_percentage: fits ? 100 : Math.round((Math.max(deepest - $viewportHeight, 0) / (height - $viewportHeight)) * 100),
      $fold_line_percentage: fits ? 100 : Math.round(($viewportHeight / height) * 100),
      $scroll_height: height,
      $event_type: type,
      $current_url: pageUrl,
      $viewportHeight,
      $viewportWidth,
      $captured_for_heatmap: true,
      $mp_autocapture: true,
    }, { transport: 'sendBeacon' });
  };
  const onHidden = () => document.hidden && leave('visibilitychange');
  const stopUrl = watchUrl((href) => {
    leave('mp_locationchange');
    // A new page of the single-page app: a new measure.
    pageUrl = href;
    left = false;
    deepest = viewport().$viewportHeight;
  });
  const scrollEvent = 'onscrollend' in window ? 'scrollend' : 'scroll';

  addEventListener('click', onClick, { capture: true, passive: true });
  addEventListener(scrollEvent, scrolled, { passive: true });
  document.addEventListener('visibilitychange', onHidden);
  return () => {
    removeEventListener('click', onClick, { capture: true });
    removeEventListener(scrollEvent, scrolled);
    document.removeEventListener('visibilitychange', onHidden);
    stopUrl();
    stopDead();
  };
}

export const heatmapDataPart: RecorderPartModule = {
  create: (_config, _log, track) => ({
    plugins: [{
      name: 'hindsight/heatmap-data@1',
      // rrweb calls a plugin for the page and for each same-origin iframe; mixpanel measures the page.
      observer: (_emit, win) => (win === window ? observeHeatmapData(track) : () => undefined),
      options: {},
    }],
  }),
};

const w = window as unknown as Record<string, Record<string, RecorderPartModule> | undefined>;
(w[RECORDER_PARTS_GLOBAL] ||= {}).heatmap_data = heatmapDataPart;

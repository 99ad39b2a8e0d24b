// The one place that builds rrweb's Replayer, so its safety settings cannot drift between call sites.

import { Replayer } from '@rrweb/replay';
import type { RecordedEvent } from '@hindsight/types';
import { canvasFramesPlugin } from './canvas-frames';

type ReplayerEvents = ConstructorParameters<typeof Replayer>[0];

export function createReplayer(root: HTMLElement, events: readonly RecordedEvent[], speed: number): Replayer {
  return new Replayer(events as unknown as ReplayerEvents, {
    root,
    speed,
    // The player skips inactive stretches itself, so what is skipped is exactly what is shaded on the
    // timeline; rrweb's own skipping fast-forwards with a threshold that changes with the speed.
    skipInactive: false,
    // Replaying canvas needs `allow-scripts` in the iframe's sandbox. Recorded pages are untrusted, so
    // the iframe keeps rrweb's sandbox of `allow-same-origin` alone and never runs recorded scripts.
    UNSAFE_replayCanvas: false,
    // Canvas frames are drawn from the dashboard's side instead (canvas-frames.ts), scripts still off.
    plugins: [canvasFramesPlugin() as never],
    // rrweb would call focus() on recorded inputs as the visitor focused them, pulling keyboard focus out
    // of the dashboard (the search box, the space-bar shortcut) and into the replay.
    triggerFocus: false,
    // Recorded pages routinely miss nodes (masked, blocked, cross-origin); that is not worth a console line each.
    showWarning: false,
    mouseTail: { duration: 500, lineWidth: 3, strokeStyle: 'rgba(99, 102, 241, 0.55)' },
  });
}

export type { Replayer };

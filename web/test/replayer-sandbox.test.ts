// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@hindsight/types';
import { createReplayer } from '../src/lib/replayer';

const events: RecordedEvent[] = [
  { type: 4, data: { href: 'https://shop.example/', width: 800, height: 600 }, timestamp: 1_000 },
  // No full snapshot: jsdom has no iframe sandbox support, so rrweb (rightly) refuses to rebuild a page
  // in it. Building the player is enough to see the iframe it makes; Chromium does the rebuilding.
  { type: 5, data: { tag: 'start', payload: null }, timestamp: 1_001 },
];

describe('the replay iframe', () => {
  it('is sandboxed without allow-scripts, so recorded scripts never run', () => {
    const root = document.createElement('div');
    document.body.appendChild(root);
    const replayer = createReplayer(root, events, 1);
    const iframe = root.querySelector('iframe')!;
    expect(iframe).toBe(replayer.iframe);
    expect(iframe.getAttribute('sandbox')).toBe('allow-same-origin');
    expect(iframe.getAttribute('sandbox')).not.toContain('allow-scripts');
    replayer.destroy();
  });
});

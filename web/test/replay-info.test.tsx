// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import type { ReplayDetail } from '@hindsight/types';
import { ReplayInfo } from '../src/components/ReplayInfo';

const detail: ReplayDetail = {
  projectId: 1, replayId: 'r1', distinctId: 'visitor-7', deviceId: null, userId: null, userName: null, userEmail: null,
  startedAt: Date.UTC(2025, 2, 14, 9, 30), lastEventAt: Date.UTC(2025, 2, 14, 9, 32), durationMs: 125_000,
  startUrl: 'https://shop.example/', urls: ['https://shop.example/'], eventCount: 1_234, clickCount: 5, keypressCount: 0,
  bytes: 1, chunkCount: 1, browser: 'Chrome', os: 'Linux', device: null, droppedBatches: 0, droppedEvents: 0, live: false, consoleErrorCount: 0, rageClickCount: 0, deadClickCount: 0, expiresAt: Date.UTC(2030, 0, 1),
  chunks: [], moreChunks: false,
};

describe('the replay details above the stage', () => {
  it("wait for the replay's first frame", async () => {
    const root = document.createElement('div');
    render(<ReplayInfo detail={detail} afterFirstFrame={false} />, root);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(root.textContent).not.toContain('visitor-7');
  });

  it('come once the browser is idle after the first frame, not in the render that brings it', async () => {
    const root = document.createElement('div');
    render(<ReplayInfo detail={detail} afterFirstFrame />, root);
    // Their first locale formatting would otherwise sit just before the replay's first frame.
    expect(root.textContent).not.toContain('visitor-7');

    await expect.poll(() => root.textContent, { timeout: 2_000 }).toContain('visitor-7');
    expect(root.textContent).toContain('2m 05s');
    expect(root.textContent).toContain((1_234).toLocaleString());
  });
});

// The page as it was recorded: the events of a replay up to one moment, to rebuild it in the player's
// sandboxed frame (lib/replayer.ts: no recorded script runs) and pause there.

import type { RecordedEvent, ReplayChunkInfo } from '@hindsight/types';
import { api } from '../api';

/** How many chunks a snapshot may need: the page is from one moment, usually in the first few. */
export const MAX_SNAPSHOT_CHUNKS = 100;

/** The chunks holding the events up to `until` (ms since the epoch), in seq order. */
export function chunksUntil(chunks: readonly ReplayChunkInfo[], until: number): ReplayChunkInfo[] {
  return [...chunks].sort((a, b) => a.seq - b.seq).filter((c) => c.firstTimestamp <= until).slice(0, MAX_SNAPSHOT_CHUNKS);
}

/** The replay's events up to `until`, oldest first. */
export async function loadSnapshotEvents(projectId: number, replayId: string, until: number, signal: AbortSignal): Promise<RecordedEvent[]> {
  const detail = await api.replay(replayId, projectId, signal);
  const listed = [...detail.chunks];
  let more = detail.moreChunks;
  while (more && listed.length < MAX_SNAPSHOT_CHUNKS && (listed.at(-1)?.lastTimestamp ?? Infinity) < until) {
    const page = await api.chunkList(replayId, projectId, listed.at(-1)!.seq, signal);
    listed.push(...page.chunks);
    more = page.moreChunks && page.chunks.length > 0;
  }
  const parts = await Promise.all(chunksUntil(listed, until).map((c) => api.chunk(replayId, c.seq, projectId, signal)));
  return parts.flat().sort((a, b) => a.timestamp - b.timestamp);
}

import { describe, expect, it } from 'vitest';
import type { ReplayMoment } from '@hindsight/types';
import { replayMomentLink } from '../src/lib/link';
import { parseRoute } from '../src/router';

const moment = (offsetMs: number | null): ReplayMoment => ({
  insertId: 'i1',
  name: 'Added to Cart',
  distinctId: 'ada',
  time: 1_700_000_000_000,
  replay: offsetMs === null ? null : { replayId: 'r/1', startedAt: 1_699_999_990_000, durationMs: 60_000, offsetMs, stitched: true },
});

describe('replayMomentLink', () => {
  it('opens the replay three seconds before the moment', () => {
    const link = replayMomentLink(7, moment(10_000))!;
    expect(link).toBe('/replays/r%2F1?project=7&t=7000');
    const url = new URL(link, 'https://h.example');
    expect(parseRoute(url.pathname, url.search)).toEqual({ name: 'replay', replayId: 'r/1', projectId: 7, t: 7_000 });
  });

  it('never opens before the replay starts', () => {
    expect(replayMomentLink(7, moment(1_200))).toBe('/replays/r%2F1?project=7&t=0');
  });

  it('is null when no replay covers the moment, so the caller says "no replay"', () => {
    expect(replayMomentLink(7, moment(null))).toBeNull();
  });
});

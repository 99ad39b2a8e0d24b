import type { ReplayDetail } from '@hindsight/types';
import { platformLabel, plural, userLabel } from '../lib/labels';
import { useIdle } from '../lib/idle';
import { formatAbsolute, formatDuration } from '../lib/time';

interface Props {
  detail: ReplayDetail | null;
  /** The player has shown the replayed page (or given up): until then the details wait. */
  afterFirstFrame: boolean;
}

/** Who, when, where and what, above the stage. */
export function ReplayInfo({ detail, afterFirstFrame }: Props) {
  if (!detail || !afterFirstFrame) return <div class="replay-info replay-info-empty" aria-hidden="true" />;
  return <ReplayFacts detail={detail} />;
}

/**
 * Shown once the browser is idle after the replay's first frame: the dates and counts are the page's first
 * locale formatting (tens of milliseconds), which would otherwise land between chunk 0's arrival and the
 * first frame whenever the browser happened to be idle while chunk 0 was on its way.
 */
function ReplayFacts({ detail }: { detail: ReplayDetail }) {
  if (!useIdle()) return <div class="replay-info replay-info-empty" aria-busy="true" />;
  const who = userLabel(detail);
  const otherUrls = detail.urls.filter((u) => u !== detail.startUrl).length;

  return (
    <div class="replay-info">
      <div class="replay-info-who">
        <strong title={who.primary}>{who.primary}</strong>
        {who.secondary && <span class="muted" title={who.secondary}>{who.secondary}</span>}
      </div>
      <dl class="replay-info-facts">
        <div>
          <dt>Started</dt>
          <dd>{formatAbsolute(detail.startedAt)}</dd>
        </div>
        <div>
          <dt>Length</dt>
          <dd>{formatDuration(detail.durationMs)}</dd>
        </div>
        <div data-testid="replay-expires" title="The project's retention deletes it then">
          <dt>Kept until</dt>
          <dd>{formatAbsolute(detail.expiresAt)}</dd>
        </div>
        <div>
          <dt>Platform</dt>
          <dd>{platformLabel(detail) ?? 'Unknown'}</dd>
        </div>
        <div>
          <dt>Activity</dt>
          <dd>
            {plural(detail.eventCount, 'event')} · {plural(detail.clickCount, 'click')} ·{' '}
            {plural(detail.keypressCount, 'keypress', 'keypresses')}
          </dd>
        </div>
        {detail.droppedBatches > 0 && (
          <div class="replay-info-lost" data-testid="replay-dropped" title={`${plural(detail.droppedEvents, 'event')} in them; the replay has gaps there.`}>
            <dt>Gaps</dt>
            <dd>{plural(detail.droppedBatches, 'batch', 'batches')} lost</dd>
          </div>
        )}
        <div class="replay-info-url">
          <dt>Start URL</dt>
          <dd title={detail.urls.join('\n') || undefined}>
            <span class="replay-info-url-text">{detail.startUrl ?? '—'}</span>
            {otherUrls > 0 && <span class="muted">+{plural(otherUrls, 'page')}</span>}
          </dd>
        </div>
      </dl>
    </div>
  );
}

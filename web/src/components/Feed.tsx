import { useEffect, useRef } from 'preact/hooks';
import { navigate, route } from '../router';
import { feedPath, settingsPath } from '../lib/link';
import type { FeedFilters } from '../analytics/url-state';
import { NO_FEED_FILTERS, feed } from '../state/feed';
import { FeedFilterBar } from './FeedFilterBar';
import { FeedRow } from './FeedRow';
import { ImportReplayButton } from './ImportReplayButton';
import { currentProject } from '../state/session';

interface Props {
  projectId: number;
  /** Capture is paused in this project: the list will get no new replays until it resumes. */
  paused: boolean;
  openReplayId: string | null;
  /** The feed route's filters from its address; null while a replay is open (the feed keeps its own). */
  filters: FeedFilters | null;
}

export function Feed({ projectId, paused, openReplayId, filters }: Props) {
  // Before open(): the first load then asks with the address's filters already in place.
  useEffect(() => {
    if (filters) feed.applyFilters(filters);
  }, [filters && JSON.stringify(filters)]);
  useEffect(() => feed.open(projectId), [projectId]);
  useEffect(() => feed.startAutoRefresh(), []);

  const replays = feed.replays.value;
  const status = feed.status.value;
  const current = feed.filters.value;
  const filtered = Boolean(
    feed.query.value.trim() || feed.fromDate.value || feed.toDate.value || current.person || current.event || current.url || current.minDurationMs ||
      current.hasConsoleErrors || current.minRageClicks || current.minDeadClicks,
  );
  // On the feed route the filters live in the address (shareable, back button); beside an open replay the
  // address is the replay's, so they stay in the feed.
  const setFilters = (change: Partial<FeedFilters>) => {
    const next = { ...NO_FEED_FILTERS, ...current, ...change };
    if (route.value.name === 'feed') navigate(feedPath(next));
    else feed.applyFilters(next);
  };

  return (
    <aside class="feed" aria-label="Replay feed">
      {paused && (
        <div class="feed-capture-banner" data-testid="feed-capture-banner" role="status">
          <strong>Capture is paused.</strong> No new replays are recorded until an admin resumes capture in{' '}
          <a
            href={settingsPath(projectId)}
            onClick={(e) => {
              e.preventDefault();
              navigate(settingsPath(projectId));
            }}
          >
            Settings
          </a>
          .
        </div>
      )}
      <div class="feed-toolbar">
        <input
          class="input feed-search"
          data-testid="feed-search"
          type="search"
          placeholder="Search by user id, name or email"
          aria-label="Search replays by user id, name or email"
          value={feed.query.value}
          onInput={(e) => feed.setQuery(e.currentTarget.value)}
        />
        <button
          class={`icon-button${status === 'loading' ? ' is-spinning' : ''}`}
          data-testid="feed-refresh"
          type="button"
          title="Refresh"
          aria-label="Refresh the list"
          onClick={() => void feed.reload()}
        >
          <RefreshIcon />
        </button>
        {currentProject.value?.role === 'admin' && <ImportReplayButton projectId={projectId} />}
      </div>
      <div class="feed-dates">
        <label>
          <span>From</span>
          <input
            class="input"
            data-testid="feed-from"
            type="date"
            value={feed.fromDate.value}
            max={feed.toDate.value || undefined}
            onChange={(e) => feed.setFromDate(e.currentTarget.value)}
          />
        </label>
        <label>
          <span>To</span>
          <input
            class="input"
            data-testid="feed-to"
            type="date"
            value={feed.toDate.value}
            min={feed.fromDate.value || undefined}
            onChange={(e) => feed.setToDate(e.currentTarget.value)}
          />
        </label>
      </div>

      <FeedFilterBar filters={current} onChange={setFilters} />

      {feed.error.value && status === 'error' && (
        <p class="feed-error" role="alert">
          {feed.error.value}
        </p>
      )}

      <div class="feed-list" role="listbox" aria-label="Replays" aria-busy={status === 'loading'}>
        {replays.map((replay) => (
          <FeedRow key={replay.replayId} replay={replay} selected={replay.replayId === openReplayId} />
        ))}
        {status === 'ready' && replays.length === 0 && (
          <div class="feed-empty" data-testid="feed-empty">
            {filtered ? (
              <>
                <strong>No replays match.</strong>
                <span>Try another search or a wider date range.</span>
              </>
            ) : (
              <>
                <strong>No replays yet.</strong>
                <span>Replays appear here seconds after a visitor is recorded.</span>
              </>
            )}
          </div>
        )}
        <LoadMore />
      </div>
    </aside>
  );
}

/** Infinite scroll: when this marker at the end of the list comes into view, the next page loads. */
function LoadMore() {
  const marker = useRef<HTMLDivElement>(null);
  const hasMore = feed.nextCursor.value !== null && feed.status.value === 'ready';

  useEffect(() => {
    const element = marker.current;
    if (!element || !hasMore || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) void feed.loadMore();
      },
      { root: element.closest('.feed-list'), rootMargin: '200px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, feed.replays.value.length]);

  if (!hasMore) return null;
  return (
    <div class="feed-more" ref={marker}>
      {feed.loadingMore.value ? (
        <span class="spinner spinner-small" aria-label="Loading more" />
      ) : (
        <button class="button button-quiet" type="button" onClick={() => void feed.loadMore()}>
          Load more
        </button>
      )}
    </div>
  );
}

function RefreshIcon() {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
      <path
        d="M16 10a6 6 0 1 1-1.76-4.24M16 3.5V7h-3.5"
        fill="none"
        stroke="currentColor"
        stroke-width="1.8"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}

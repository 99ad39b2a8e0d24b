// The Replay Feed: its filters, the replays loaded so far, and the actions that load more of them.

import { signal } from '@preact/signals';
import type { ReplaySummary } from '@hindsight/types';
import { api, type FeedQuery } from '../api';
import { dateRange } from '../lib/dates';
import type { FeedFilters } from '../analytics/url-state';

export const NO_FEED_FILTERS: FeedFilters = { person: null, event: null, url: null, minDurationMs: null };

function sameFilters(a: FeedFilters, b: FeedFilters): boolean {
  return a.person === b.person && a.event === b.event && a.url === b.url && a.minDurationMs === b.minDurationMs &&
    !a.hasConsoleErrors === !b.hasConsoleErrors && (a.minRageClicks ?? 0) === (b.minRageClicks ?? 0) &&
    (a.minDeadClicks ?? 0) === (b.minDeadClicks ?? 0);
}

export const FEED_PAGE_SIZE = 50;
export const SEARCH_DEBOUNCE_MS = 300;
export const AUTO_REFRESH_MS = 10_000;

export type FeedStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * A fresh first page merged into what is on screen. When only the first page is loaded the fresh one
 * replaces it; when the user has scrolled further, new replays go on top and known ones are updated in
 * place (a replay still being recorded grows), so the list does not jump back to 50 rows.
 */
export function mergeFirstPage(current: readonly ReplaySummary[], fresh: readonly ReplaySummary[], pagesLoaded: number): ReplaySummary[] {
  if (pagesLoaded <= 1) return [...fresh];
  const freshById = new Map(fresh.map((r) => [r.replayId, r]));
  const known = new Set(current.map((r) => r.replayId));
  const added = fresh.filter((r) => !known.has(r.replayId));
  return [...added, ...current.map((r) => freshById.get(r.replayId) ?? r)];
}

export class FeedModel {
  readonly query = signal('');
  readonly fromDate = signal('');
  readonly toDate = signal('');
  /** Person, performed event, visited URL, minimum duration: the feed route's ?person=&event=&url=&minDurationMs=. */
  readonly filters = signal<FeedFilters>(NO_FEED_FILTERS);
  readonly replays = signal<ReplaySummary[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly status = signal<FeedStatus>('idle');
  readonly loadingMore = signal(false);
  readonly error = signal<string | null>(null);

  private projectId: number | null = null;
  private pagesLoaded = 0;
  private generation = 0;
  private controller: AbortController | null = null;
  private debounce: ReturnType<typeof setTimeout> | null = null;

  /** Shows a project's replays; called when the feed appears and when the project changes. */
  open(projectId: number): void {
    this.projectId = projectId;
    void this.reload();
  }

  /** Forgets everything shown, so the next person to log in never sees the last one's list. */
  reset(): void {
    this.generation++;
    this.controller?.abort();
    if (this.debounce) clearTimeout(this.debounce);
    this.projectId = null;
    this.pagesLoaded = 0;
    this.query.value = '';
    this.fromDate.value = '';
    this.toDate.value = '';
    this.filters.value = NO_FEED_FILTERS;
    this.replays.value = [];
    this.nextCursor.value = null;
    this.status.value = 'idle';
    this.loadingMore.value = false;
    this.error.value = null;
  }

  /** Typing waits for a pause before asking the server, so each keystroke is not a request. */
  setQuery(text: string): void {
    this.query.value = text;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.reload();
    }, SEARCH_DEBOUNCE_MS);
  }

  /** New filters (from the address, or the feed's own inputs while a replay is open); reloads when they differ. */
  applyFilters(filters: FeedFilters): void {
    if (sameFilters(filters, this.filters.value)) return;
    this.filters.value = filters;
    void this.reload();
  }

  setFromDate(value: string): void {
    this.fromDate.value = value;
    void this.reload();
  }

  setToDate(value: string): void {
    this.toDate.value = value;
    void this.reload();
  }

  /** The first page for the current filters, replacing whatever is shown. */
  async reload(): Promise<void> {
    if (this.projectId === null) return;
    const generation = ++this.generation;
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    this.status.value = 'loading';
    this.error.value = null;
    try {
      const page = await api.replays(this.firstPageQuery(), controller.signal);
      if (generation !== this.generation) return;
      this.replays.value = page.replays;
      this.nextCursor.value = page.nextCursor;
      this.pagesLoaded = 1;
      this.status.value = 'ready';
    } catch (error) {
      if (generation !== this.generation || controller.signal.aborted) return;
      this.status.value = 'error';
      this.error.value = (error as Error).message;
    }
  }

  /** The next page, when the list is scrolled to its end. */
  async loadMore(): Promise<void> {
    const cursor = this.nextCursor.value;
    if (!cursor || this.loadingMore.value || this.status.value !== 'ready' || this.projectId === null) return;
    const generation = this.generation;
    this.loadingMore.value = true;
    try {
      const page = await api.replays({ ...this.firstPageQuery(), cursor }, this.controller?.signal);
      if (generation !== this.generation) return;
      const known = new Set(this.replays.value.map((r) => r.replayId));
      this.replays.value = [...this.replays.value, ...page.replays.filter((r) => !known.has(r.replayId))];
      this.nextCursor.value = page.nextCursor;
      this.pagesLoaded++;
    } catch (error) {
      if (generation === this.generation) this.error.value = (error as Error).message;
    } finally {
      if (generation === this.generation) this.loadingMore.value = false;
    }
  }

  /** The automatic refresh: no spinner, no lost scroll position, and silent when it fails. */
  async refreshQuietly(): Promise<void> {
    if (this.projectId === null || this.status.value !== 'ready' || this.loadingMore.value) return;
    const generation = this.generation;
    try {
      const page = await api.replays(this.firstPageQuery(), this.controller?.signal);
      if (generation !== this.generation || this.loadingMore.value) return;
      this.replays.value = mergeFirstPage(this.replays.value, page.replays, this.pagesLoaded);
      if (this.pagesLoaded <= 1) this.nextCursor.value = page.nextCursor;
    } catch {
      // The next tick tries again; the explicit refresh button reports errors.
    }
  }

  /** Starts the 10-second refresh; returns the function that stops it. */
  startAutoRefresh(): () => void {
    const timer = setInterval(() => {
      if (typeof document !== 'undefined' && document.hidden) return;
      void this.refreshQuietly();
    }, AUTO_REFRESH_MS);
    return () => clearInterval(timer);
  }

  private firstPageQuery(): FeedQuery {
    return {
      projectId: this.projectId!,
      q: this.query.value.trim() || undefined,
      ...dateRange(this.fromDate.value, this.toDate.value),
      person: this.filters.value.person ?? undefined,
      event: this.filters.value.event ?? undefined,
      url: this.filters.value.url ?? undefined,
      minDurationMs: this.filters.value.minDurationMs ?? undefined,
      hasConsoleErrors: this.filters.value.hasConsoleErrors || undefined,
      minRageClicks: this.filters.value.minRageClicks || undefined,
      minDeadClicks: this.filters.value.minDeadClicks || undefined,
      limit: FEED_PAGE_SIZE,
    };
  }
}

export const feed = new FeedModel();

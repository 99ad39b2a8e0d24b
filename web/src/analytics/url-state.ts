// The whole query of every analytics view lives in its URL, so a copied link reopens the same chart for a
// teammate. This module is the one place that reads and writes those queries: parse*(search) never
// throws (a hand-edited link falls back to defaults, field by field) and *Search(query) writes only what
// differs from the defaults, so links stay short and parse(write(q)) gives q back.

import type {
  EventsInterval,
  EventsMeasure,
  HeatmapClickKind,
  FunnelStepQuery,
  PeopleSort,
  PropertyFilter,
  PropertyFilterOp,
  SortOrder,
} from '@hindsight/types';

export const RANGE_PRESETS = ['24h', '7d', '30d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** A preset counts back from now when the view loads; a custom range is fixed. */
export type RangeSpec = { preset: RangePreset } | { preset: 'custom'; from: number; to: number };

export interface EventsQuery {
  events: string[];
  range: RangeSpec;
  interval: EventsInterval;
  measure: EventsMeasure;
  breakdown: string | null;
  filters: PropertyFilter[];
}

export interface FunnelQuery {
  steps: FunnelStepQuery[];
  range: RangeSpec;
  windowMs: number;
}

export interface PeopleQuery {
  q: string;
  sort: PeopleSort;
  order: SortOrder;
}

export interface DefinitionsQuery {
  /** The event whose definition panel is open. */
  event: string | null;
}

/** The Heatmaps page: a page (address or /path/* pattern), a range, and the element whose replays are listed. */
export interface HeatmapsQuery {
  url: string;
  range: RangeSpec;
  /** The element (its selector) whose clicks are listed, with the kind of click. */
  selector: string | null;
  kind: HeatmapClickKind;
}

/** The feed's filters: ?person= is where a profile's "View Replays" lands. */
export interface FeedFilters {
  person: string | null;
  event: string | null;
  url: string | null;
  minDurationMs: number | null;
  /** Only replays with a console error (?hasConsoleErrors=true). */
  hasConsoleErrors?: boolean;
  /** At least this many rage clicks / dead clicks (?minRageClicks= / ?minDeadClicks=). */
  minRageClicks?: number;
  minDeadClicks?: number;
}

export const MAX_EVENTS = 10;
export const MIN_STEPS = 2;
export const MAX_STEPS = 10;
export const MAX_FILTERS = 20;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const DEFAULT_WINDOW_MS = DAY;
export const MAX_WINDOW_MS = 90 * DAY;

const INTERVALS: readonly EventsInterval[] = ['hour', 'day', 'week'];
const MEASURES: readonly EventsMeasure[] = ['total', 'unique'];
export const FILTER_OPS: readonly PropertyFilterOp[] = [
  'equals', 'not_equals', 'contains', 'not_contains', 'is_set', 'is_not_set', 'greater_than', 'less_than',
];
const PEOPLE_SORTS: readonly PeopleSort[] = ['last_seen', 'first_seen', 'name', 'email', 'distinct_id'];

/** Operators that test only whether the property exists, and take no value. */
export function opTakesValue(op: PropertyFilterOp): boolean {
  return op !== 'is_set' && op !== 'is_not_set';
}

/** The interval a range opens with when the link names none: hours for a day, days otherwise. */
export function defaultInterval(range: RangeSpec): EventsInterval {
  if (range.preset === '24h') return 'hour';
  if (range.preset === 'custom' && range.to - range.from <= 2 * DAY) return 'hour';
  return 'day';
}

export function defaultEventsQuery(): EventsQuery {
  const range: RangeSpec = { preset: '7d' };
  return { events: [], range, interval: defaultInterval(range), measure: 'total', breakdown: null, filters: [] };
}

// ---- events ----

export function parseEventsQuery(search: string): EventsQuery {
  const params = new URLSearchParams(search);
  const range = parseRange(params, '7d');
  const interval = oneOf(params.get('interval'), INTERVALS) ?? defaultInterval(range);
  return {
    events: unique(params.getAll('event').map((e) => e.trim()).filter(Boolean)).slice(0, MAX_EVENTS),
    range,
    interval,
    measure: oneOf(params.get('measure'), MEASURES) ?? 'total',
    breakdown: params.get('breakdown')?.trim() || null,
    filters: parseFilters(params.get('filters')),
  };
}

export function eventsSearch(query: EventsQuery): string {
  const params = new URLSearchParams();
  for (const event of query.events) params.append('event', event);
  writeRange(params, query.range, '7d');
  if (query.interval !== defaultInterval(query.range)) params.set('interval', query.interval);
  if (query.measure !== 'total') params.set('measure', query.measure);
  if (query.breakdown) params.set('breakdown', query.breakdown);
  if (query.filters.length) params.set('filters', JSON.stringify(query.filters));
  return params.toString();
}

// ---- funnels ----

export function parseFunnelQuery(search: string): FunnelQuery {
  const params = new URLSearchParams(search);
  const window = Number(params.get('window'));
  return {
    steps: parseSteps(params.get('steps')),
    range: parseRange(params, '30d'),
    windowMs: Number.isSafeInteger(window) && window > 0 && window <= MAX_WINDOW_MS ? window : DEFAULT_WINDOW_MS,
  };
}

export function funnelSearch(query: FunnelQuery): string {
  const params = new URLSearchParams();
  if (query.steps.length) params.set('steps', JSON.stringify(query.steps.map(compactStep)));
  writeRange(params, query.range, '30d');
  if (query.windowMs !== DEFAULT_WINDOW_MS) params.set('window', String(query.windowMs));
  return params.toString();
}

/** A step as the API and the URL want it: no empty filter list. */
export function compactStep(step: FunnelStepQuery): FunnelStepQuery {
  return step.filters && step.filters.length ? { event: step.event, filters: step.filters } : { event: step.event };
}

function parseSteps(value: string | null): FunnelStepQuery[] {
  const parsed = parseJson(value);
  if (!Array.isArray(parsed)) return [];
  const steps: FunnelStepQuery[] = [];
  for (const item of parsed.slice(0, MAX_STEPS)) {
    if (!item || typeof item !== 'object' || typeof item.event !== 'string') continue;
    const filters = sanitizeFilters(item.filters);
    steps.push(filters.length ? { event: item.event, filters } : { event: item.event });
  }
  return steps;
}

// ---- people, definitions, feed ----

export function parsePeopleQuery(search: string): PeopleQuery {
  const params = new URLSearchParams(search);
  return {
    q: params.get('q') ?? '',
    sort: oneOf(params.get('sort'), PEOPLE_SORTS) ?? 'last_seen',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

export function peopleSearch(query: PeopleQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.sort !== 'last_seen') params.set('sort', query.sort);
  if (query.order !== 'desc') params.set('order', query.order);
  return params.toString();
}

export function parseDefinitionsQuery(search: string): DefinitionsQuery {
  return { event: new URLSearchParams(search).get('event') || null };
}

export function definitionsSearch(query: DefinitionsQuery): string {
  return query.event ? new URLSearchParams({ event: query.event }).toString() : '';
}

const CLICK_KINDS: readonly HeatmapClickKind[] = ['click', 'rage', 'dead'];

export function parseHeatmapsQuery(search: string): HeatmapsQuery {
  const params = new URLSearchParams(search);
  return {
    url: params.get('url')?.trim() ?? '',
    range: parseRange(params, '7d'),
    selector: params.get('selector') || null,
    kind: oneOf(params.get('kind'), CLICK_KINDS) ?? 'click',
  };
}

export function heatmapsSearch(query: HeatmapsQuery): string {
  const params = new URLSearchParams();
  if (query.url) params.set('url', query.url);
  writeRange(params, query.range, '7d');
  if (query.selector) params.set('selector', query.selector);
  if (query.selector && query.kind !== 'click') params.set('kind', query.kind);
  return params.toString();
}

export function parseFeedFilters(search: string): FeedFilters {
  const params = new URLSearchParams(search);
  const min = Number(params.get('minDurationMs'));
  return {
    person: params.get('person') || null,
    event: params.get('event') || null,
    url: params.get('url') || null,
    minDurationMs: params.get('minDurationMs') && Number.isSafeInteger(min) && min > 0 ? min : null,
    hasConsoleErrors: params.get('hasConsoleErrors') === 'true' || undefined,
    minRageClicks: positive(params.get('minRageClicks')),
    minDeadClicks: positive(params.get('minDeadClicks')),
  };
}

function positive(text: string | null): number | undefined {
  const n = Number(text);
  return text && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export function feedSearch(filters: FeedFilters): string {
  const params = new URLSearchParams();
  if (filters.person) params.set('person', filters.person);
  if (filters.event) params.set('event', filters.event);
  if (filters.url) params.set('url', filters.url);
  if (filters.minDurationMs) params.set('minDurationMs', String(filters.minDurationMs));
  if (filters.hasConsoleErrors) params.set('hasConsoleErrors', 'true');
  if (filters.minRageClicks) params.set('minRageClicks', String(filters.minRageClicks));
  if (filters.minDeadClicks) params.set('minDeadClicks', String(filters.minDeadClicks));
  return params.toString();
}

// ---- shared pieces ----

function parseRange(params: URLSearchParams, fallback: RangePreset): RangeSpec {
  const from = Number(params.get('from'));
  const to = Number(params.get('to'));
  if (params.has('from') && params.has('to') && Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && to > from) {
    return { preset: 'custom', from, to };
  }
  return { preset: oneOf(params.get('range'), RANGE_PRESETS) ?? fallback };
}

function writeRange(params: URLSearchParams, range: RangeSpec, fallback: RangePreset): void {
  if (range.preset === 'custom') {
    params.set('from', String(range.from));
    params.set('to', String(range.to));
  } else if (range.preset !== fallback) {
    params.set('range', range.preset);
  }
}

const PRESET_MS: Record<RangePreset, number> = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY };

/** The range's from/to now. A preset ends at the next whole minute, so reloads within it ask the same. */
export function resolveRange(range: RangeSpec, now: number = Date.now()): { from: number; to: number } {
  if (range.preset === 'custom') return { from: range.from, to: range.to };
  const to = Math.ceil(now / 60_000) * 60_000;
  return { from: to - PRESET_MS[range.preset], to };
}

export function parseFilters(value: string | null): PropertyFilter[] {
  return sanitizeFilters(parseJson(value));
}

/** Keeps the well-formed filters of what a link holds; the server still checks them. */
function sanitizeFilters(value: unknown): PropertyFilter[] {
  if (!Array.isArray(value)) return [];
  const filters: PropertyFilter[] = [];
  for (const item of value.slice(0, MAX_FILTERS)) {
    if (!item || typeof item !== 'object') continue;
    const { property, op, value: v } = item as Record<string, unknown>;
    const knownOp = oneOf(typeof op === 'string' ? op : null, FILTER_OPS);
    if (typeof property !== 'string' || !property || !knownOp) continue;
    if (!opTakesValue(knownOp)) filters.push({ property, op: knownOp });
    else if (typeof v === 'string' || typeof v === 'number') filters.push({ property, op: knownOp, value: v });
  }
  return filters;
}

function parseJson(value: string | null): unknown {
  if (!value) return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

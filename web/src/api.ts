// The dashboard's one HTTP client. Every call sends and receives JSON with the session cookie; any 401
// (the session expired, or never existed) sends the user to the login page, which brings them back here.

import type {
  ApiError as ApiErrorBody,
  CaptureChange,
  CaptureStatus,
  EventDefinitionDetail,
  EventDefinitionList,
  EventDefinitionUpdate,
  EventsReport,
  FunnelReport,
  FunnelStepQuery,
  FunnelTopEvents,
  HeatmapClickKind,
  HeatmapReply,
  ImportSecret,
  Me,
  PeoplePage,
  PeopleSort,
  PersonActivity,
  PersonProfile,
  PropertyFilter,
  ReplayEventList,
  ReplayMomentList,
  SortOrder,
  EventsInterval,
  EventsMeasure,
  ProjectSettings,
  RetentionSetting,
  QuotaStatus,
  QuotaUpdate,
  AccessLogPage,
  RecordedEvent,
  ReplayChunkPage,
  ReplayDetail,
  ReplayFeedPage,
  ReplayImported,
  ReplaySettingsUpdate,
} from '@hindsight/types';
import { currentPath, navigate } from './router';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, from Retry-After, when the server sent it (429). */
    readonly retryAfter: number | null = null,
    /** The request body's field the error is about, when the server named one. */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// Counts sign-ins in this page. A request's 401 says the session it was sent with has ended; when someone
// signed in after it was sent (a replay link's requests, sent before the login page, can answer after the
// login), that 401 is about a session already replaced, and sending the signed-in person back to the login
// page would lose the page they just reached.
let signIns = 0;

export function redirectToLogin(): void {
  if (window.location.pathname === '/login') return;
  navigate(`/login?next=${encodeURIComponent(currentPath())}`, { replace: true });
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  signal?: AbortSignal;
  /** The login form handles its own 401 (wrong password); everywhere else a 401 means "log in again". */
  redirectOn401?: boolean;
}

async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal, redirectOn401 = true } = options;
  const sentDuringSignIn = signIns;
  const response = await fetch(path, {
    method,
    credentials: 'include',
    headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });

  if (response.status === 401 && redirectOn401) {
    if (sentDuringSignIn === signIns) redirectToLogin();
    throw new ApiError(401, 'unauthorized', 'Your session has ended. Please log in again.');
  }
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function toError(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = response.statusText || `The server answered ${response.status}.`;
  let field: string | null = null;
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    if (typeof body.error === 'string') code = body.error;
    if (typeof body.message === 'string' && body.message) message = body.message;
    if (typeof body.field === 'string') field = body.field;
  } catch {
    // Not JSON (a proxy's error page, say): the status line is all there is.
  }
  const retryAfter = Number(response.headers.get('Retry-After'));
  return new ApiError(response.status, code, message, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null, field);
}

export interface FeedQuery {
  projectId: number;
  q?: string;
  from?: number;
  to?: number;
  cursor?: string | null;
  limit?: number;
  /** Only the replays of this person: every id linked to the distinct id. */
  person?: string;
  /** Only replays in which this event fired (explicit or stitched). */
  event?: string;
  /** Only replays that visited a URL containing this. */
  url?: string;
  minDurationMs?: number;
  hasConsoleErrors?: boolean;
  minRageClicks?: number;
  minDeadClicks?: number;
}

export function feedUrl(query: FeedQuery): string {
  const params = new URLSearchParams({ project: String(query.projectId) });
  if (query.q) params.set('q', query.q);
  if (query.from !== undefined) params.set('from', String(query.from));
  if (query.to !== undefined) params.set('to', String(query.to));
  if (query.cursor) params.set('cursor', query.cursor);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.person) params.set('person', query.person);
  if (query.event) params.set('event', query.event);
  if (query.url) params.set('url', query.url);
  if (query.minDurationMs) params.set('minDurationMs', String(query.minDurationMs));
  if (query.hasConsoleErrors) params.set('hasConsoleErrors', 'true');
  if (query.minRageClicks) params.set('minRageClicks', String(query.minRageClicks));
  if (query.minDeadClicks) params.set('minDeadClicks', String(query.minDeadClicks));
  return `/api/replays?${params}`;
}

// ---- analytics ----

export interface EventsReportQuery {
  events: string[];
  from: number;
  to: number;
  interval: EventsInterval;
  measure: EventsMeasure;
  breakdown: string | null;
  filters: PropertyFilter[];
  /** Minutes east of UTC, so day and week buckets start at the viewer's midnight. */
  tz: number;
}

export interface EventsBucketQuery {
  event: string;
  from: number;
  to: number;
  breakdown: string | null;
  breakdownValue: string | null;
  filters: PropertyFilter[];
  /** The chart's whole range, over which its top breakdown values were ranked: `$other` means the chart's other values. */
  reportFrom: number;
  reportTo: number;
}

export interface FunnelApiQuery {
  steps: FunnelStepQuery[];
  from: number;
  to: number;
  windowMs: number;
}

export interface PeopleApiQuery {
  q: string;
  sort: PeopleSort;
  order: SortOrder;
  cursor?: string | null;
  limit?: number;
}

/** The path with its query; parameters that are null, undefined or empty are left out. */
export function withQuery(path: string, query: Record<string, string | number | readonly string[] | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

const filtersParam = (filters: readonly PropertyFilter[]) => (filters.length ? JSON.stringify(filters) : null);
const project = (projectId: number) => `/api/projects/${projectId}`;

export function eventsReportUrl(projectId: number, q: EventsReportQuery): string {
  return withQuery(`${project(projectId)}/insights/events`, {
    event: q.events, from: q.from, to: q.to, interval: q.interval, measure: q.measure,
    breakdown: q.breakdown, filters: filtersParam(q.filters), tz: q.tz,
  });
}

export function eventsBucketReplaysUrl(projectId: number, q: EventsBucketQuery): string {
  return withQuery(`${project(projectId)}/insights/events/replays`, {
    event: q.event, from: q.from, to: q.to, breakdown: q.breakdown,
    breakdownValue: q.breakdown ? q.breakdownValue : null, filters: filtersParam(q.filters),
    reportFrom: q.reportFrom, reportTo: q.reportTo,
  });
}

function funnelParams(q: FunnelApiQuery) {
  return { steps: JSON.stringify(q.steps), from: q.from, to: q.to, window: q.windowMs };
}

export function funnelUrl(projectId: number, q: FunnelApiQuery, suffix = '', extra: Record<string, string | number> = {}): string {
  return withQuery(`${project(projectId)}/funnels${suffix}`, { ...funnelParams(q), ...extra });
}

export interface HeatmapApiQuery {
  url: string;
  from: number;
  to: number;
}

export function heatmapUrl(projectId: number, q: HeatmapApiQuery): string {
  return withQuery(`${project(projectId)}/heatmaps`, { url: q.url, from: q.from, to: q.to });
}

export function heatmapReplaysUrl(projectId: number, q: HeatmapApiQuery & { selector: string; kind: HeatmapClickKind }): string {
  return withQuery(`${project(projectId)}/heatmaps/replays`, { url: q.url, from: q.from, to: q.to, selector: q.selector, kind: q.kind });
}

export function peopleUrl(projectId: number, q: PeopleApiQuery): string {
  return withQuery(`${project(projectId)}/people`, {
    q: q.q.trim(), sort: q.sort, order: q.order, cursor: q.cursor, limit: q.limit,
  });
}

const personUrl = (projectId: number, distinctId: string) => `${project(projectId)}/people/${encodeURIComponent(distinctId)}`;
const definitionUrl = (projectId: number, name: string) => `${project(projectId)}/event-definitions/${encodeURIComponent(name)}`;

function replayUrl(replayId: string, projectId: number | null, suffix = ''): string {
  const path = `/api/replays/${encodeURIComponent(replayId)}${suffix}`;
  return projectId === null ? path : `${path}?project=${projectId}`;
}

export const api = {
  login: async (email: string, password: string) => {
    const user = await request<Me>('/api/auth/login', { method: 'POST', body: { email, password }, redirectOn401: false });
    signIns++;
    return user;
  },

  logout: () => request<void>('/api/auth/logout', { method: 'POST', redirectOn401: false }),

  /** The session check handles its own 401: it may answer after someone has logged in meanwhile. */
  me: () => request<Me>('/api/auth/me', { redirectOn401: false }),

  replays: (query: FeedQuery, signal?: AbortSignal) => request<ReplayFeedPage>(feedUrl(query), { signal }),

  /** projectId may be null: the SDK's replay links carry no project, and the server finds it. */
  replay: (replayId: string, projectId: number | null, signal?: AbortSignal) =>
    request<ReplayDetail>(replayUrl(replayId, projectId), { signal }),

  /** The chunks after seq `after`, for a replay whose detail said moreChunks. */
  chunkList: (replayId: string, projectId: number | null, after: number, signal?: AbortSignal) =>
    request<ReplayChunkPage>(`${replayUrl(replayId, projectId, '/chunks')}${projectId === null ? '?' : '&'}after=${after}`, { signal }),

  /** The replay as one rrweb JSON array, downloaded as a file (Content-Disposition: attachment). */
  exportUrl: (replayId: string, projectId: number) => replayUrl(replayId, projectId, '/export'),

  /** Admins only: an rrweb JSON array (plain or gzip) stored as a new replay; its bytes go as they are. */
  importReplay: async (projectId: number, file: Blob): Promise<ReplayImported> => {
    const response = await fetch(`/api/projects/${projectId}/replays/import`, {
      method: 'POST',
      credentials: 'include',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: file,
    });
    if (response.status === 401) redirectToLogin();
    if (!response.ok) throw await toError(response);
    return (await response.json()) as ReplayImported;
  },

  /** Where an open player hears of new chunks (Server-Sent Events, read with EventSource; the cookie goes along). */
  liveUrl: (replayId: string, projectId: number) => replayUrl(replayId, projectId, '/live'),

  /** The server sends the stored gzip bytes with Content-Encoding: gzip; fetch hands us plain JSON. */
  chunk: async (replayId: string, seq: number, projectId: number | null, signal?: AbortSignal) => {
    const events = await request<unknown>(replayUrl(replayId, projectId, `/chunks/${seq}`), { signal });
    if (!Array.isArray(events)) throw new ApiError(0, 'invalid_chunk', `Part ${seq + 1} of the replay is not a list of events.`);
    return events as RecordedEvent[];
  },

  projectSettings: (projectId: number, signal?: AbortSignal) =>
    request<ProjectSettings>(`/api/projects/${projectId}/settings`, { signal }),

  /** Admins only; every editable setting is stated, null leaving one to the site's own config. */
  saveProjectSettings: (projectId: number, settings: ReplaySettingsUpdate) =>
    request<ProjectSettings>(`/api/projects/${projectId}/settings`, { method: 'PUT', body: settings }),

  /** Admins only: the secret POST /import is authenticated with. */
  importSecret: (projectId: number, signal?: AbortSignal) =>
    request<ImportSecret>(`/api/projects/${projectId}/import-secret`, { signal }),

  /** Admins only: pauses or resumes capture for the project. */
  setCaptureStatus: (projectId: number, status: CaptureStatus) =>
    request<ProjectSettings>(`/api/projects/${projectId}/capture`, { method: 'POST', body: { status } satisfies CaptureChange }),

  /** Admins only: how many days the project keeps replays from their ingestion. */
  setRetention: (projectId: number, retentionDays: number) =>
    request<RetentionSetting>(`/api/projects/${projectId}/retention`, { method: 'PUT', body: { retentionDays } satisfies RetentionSetting }),

  /** Every member: the project's caps on new replays and what counts against them. */
  quota: (projectId: number, signal?: AbortSignal) => request<QuotaStatus>(`/api/projects/${projectId}/quota`, { signal }),

  /** Admins only: sets the monthly cap and the trial (null: none). */
  setQuota: (projectId: number, quota: QuotaUpdate) =>
    request<QuotaStatus>(`/api/projects/${projectId}/quota`, { method: 'PUT', body: quota }),

  /** Admins only: a page of the access log, newest first. */
  accessLog: (projectId: number, search: string, signal?: AbortSignal) =>
    request<AccessLogPage>(`/api/projects/${projectId}/access-log?${search}`, { signal }),

  heatmap: (projectId: number, query: HeatmapApiQuery, signal?: AbortSignal) =>
    request<HeatmapReply>(heatmapUrl(projectId, query), { signal }),

  heatmapReplays: (projectId: number, query: Parameters<typeof heatmapReplaysUrl>[1], signal?: AbortSignal) =>
    request<ReplayMomentList>(heatmapReplaysUrl(projectId, query), { signal }),

  eventsReport: (projectId: number, query: EventsReportQuery, signal?: AbortSignal) =>
    request<EventsReport>(eventsReportUrl(projectId, query), { signal }),

  eventsBucketReplays: (projectId: number, query: EventsBucketQuery, signal?: AbortSignal) =>
    request<ReplayMomentList>(eventsBucketReplaysUrl(projectId, query), { signal }),

  funnel: (projectId: number, query: FunnelApiQuery, signal?: AbortSignal) =>
    request<FunnelReport>(funnelUrl(projectId, query), { signal }),

  /** converted: people who reached the step, at their step event; dropped: people who stopped before it, at their last step. */
  funnelReplays: (projectId: number, query: FunnelApiQuery, step: number, part: 'converted' | 'dropped', signal?: AbortSignal) =>
    request<ReplayMomentList>(funnelUrl(projectId, query, '/replays', { step, part }), { signal }),

  funnelTopEvents: (projectId: number, query: FunnelApiQuery, step: number, signal?: AbortSignal) =>
    request<FunnelTopEvents>(funnelUrl(projectId, query, '/top-events', { step, limit: 10 }), { signal }),

  funnelTopEventReplays: (projectId: number, query: FunnelApiQuery, step: number, event: string, signal?: AbortSignal) =>
    request<ReplayMomentList>(funnelUrl(projectId, query, '/top-events/replays', { step, event }), { signal }),

  people: (projectId: number, query: PeopleApiQuery, signal?: AbortSignal) =>
    request<PeoplePage>(peopleUrl(projectId, query), { signal }),

  person: (projectId: number, distinctId: string, signal?: AbortSignal) =>
    request<PersonProfile>(personUrl(projectId, distinctId), { signal }),

  personActivity: (projectId: number, distinctId: string, before: number | null, signal?: AbortSignal) =>
    request<PersonActivity>(withQuery(`${personUrl(projectId, distinctId)}/activity`, { before }), { signal }),

  eventDefinitions: (projectId: number, signal?: AbortSignal) =>
    request<EventDefinitionList>(`${project(projectId)}/event-definitions`, { signal }),

  eventDefinition: (projectId: number, name: string, signal?: AbortSignal) =>
    request<EventDefinitionDetail>(definitionUrl(projectId, name), { signal }),

  /** Admins and architects. */
  saveEventDescription: (projectId: number, name: string, description: string) =>
    request<EventDefinitionDetail>(definitionUrl(projectId, name), {
      method: 'PUT',
      body: { description } satisfies EventDefinitionUpdate,
    }),

  eventDefinitionReplays: (projectId: number, name: string, signal?: AbortSignal) =>
    request<ReplayMomentList>(`${definitionUrl(projectId, name)}/replays`, { signal }),

  /** The replay's tracked events, explicit and stitched, oldest first. */
  replayEvents: (replayId: string, projectId: number | null, signal?: AbortSignal) =>
    request<ReplayEventList>(replayUrl(replayId, projectId, '/events'), { signal }),
};

// Wire and API shapes shared by the SDK and the dashboard. Dependency-free on purpose: both bundles import it.
// The dashboard API's replies are held against the server's OpenAPI document by api-contract.ts (checked by
// `npm run test -w types`): a reply type here that differs from the server's record fails that check.

// ---- Browser and operating system names ----

/**
 * Every name `$browser` (events, profiles) and a replay's `browser` may hold: mixpanel-browser 2.83's
 * (`_.info.browser`), which its clients send and Mixpanel's reports show. Both parsers — the SDK's
 * (sdk/src/device-info.ts, with `navigator.vendor`) and the server's for replays
 * (Ingest/UserAgentParser.cs, from the User-Agent header alone) — give only these; `types/user-agents.json`
 * is the table of user agents both are tested against.
 */
export const BROWSER_NAMES = [
  'Opera Mini', 'Opera', 'BlackBerry', 'Internet Explorer Mobile', 'Samsung Internet', 'Microsoft Edge',
  'Facebook Mobile', 'Whale Browser', 'Chrome', 'Chrome iOS', 'UC Browser', 'Firefox iOS', 'Mobile Safari',
  'Safari', 'Android Mobile', 'Konqueror', 'Firefox', 'Internet Explorer', 'Mozilla',
] as const;
export type BrowserName = (typeof BROWSER_NAMES)[number];

/** Every name `$os` and a replay's `os` may hold: mixpanel-browser 2.83's (`_.info.os`). */
export const OS_NAMES = ['Windows Phone', 'Windows', 'iOS', 'Android', 'BlackBerry', 'Mac OS X', 'Linux', 'Chrome OS'] as const;
export type OsName = (typeof OS_NAMES)[number];

/** rrweb's event types, as numbers on the wire. */
export const EventType = {
  DomContentLoaded: 0,
  Load: 1,
  FullSnapshot: 2,
  IncrementalSnapshot: 3,
  Meta: 4,
  Custom: 5,
  Plugin: 6,
} as const;

/** rrweb's incremental snapshot sources (data.source of a type 3 event). */
export const IncrementalSource = {
  Mutation: 0,
  MouseMove: 1,
  MouseInteraction: 2,
  Scroll: 3,
  ViewportResize: 4,
  Input: 5,
  TouchMove: 6,
  MediaInteraction: 7,
  StyleSheetRule: 8,
  CanvasMutation: 9,
  Font: 10,
  Log: 11,
  Drag: 12,
  StyleDeclaration: 13,
  Selection: 14,
  AdoptedStyleSheet: 15,
  CustomElement: 16,
} as const;

/** One recorded rrweb event. A /record batch body is a JSON array of these. */
export interface RecordedEvent {
  type: number;
  data: unknown;
  timestamp: number;
}

/** Query parameters of POST /record/ (see docs/PROTOCOL.md). */
export interface RecordQuery {
  replay_id: string;
  seq: number;
  format: 'gzip' | 'body';
  distinct_id: string;
  $device_id?: string;
  $user_id?: string;
  replay_start_time: number; // seconds, millisecond fraction
  batch_start_time: number; // seconds, millisecond fraction
  replay_length_ms: number;
  $current_url: string;
  replay_start_url: string;
  mp_lib: string;
  $lib_version: string;
  /** Our SDK's tab session id: a project's quota counts a tab once however many replays it starts. */
  tab_id?: string;
}

/** Every error the server sends is JSON of this shape (SDK endpoints add their own status fields). */
export interface ApiError {
  error: string; // a stable machine-readable code, e.g. "invalid_gzip", "unauthorized"
  message: string; // what was wrong, for a person
  /** The field of the request body the error is about, when it is about one (e.g. "recordMinMs"). */
  field?: string;
}

/** Reply of every SDK endpoint that answers with a status: /record, /record/dropped (success and error). */
export interface RecordReply {
  code: number; // the HTTP status
  status: 'OK' | 'error';
  /** On errors: e.g. "capture_paused" (403: capture is paused and this replay is new), "invalid_json". */
  error?: string;
  message?: string;
}

// ---- Remote settings (GET /settings/) ----

/**
 * `sdk_config.config` of GET /settings: only the keys a project's admin set (mixpanel-browser's names),
 * plus `record_manually: true` in manual mode and `capture_status: 'paused'` while capture is paused, each
 * of which also sets `record_sessions_percent: 0`. A project with nothing set answers `{}`.
 */
export interface RemoteSdkConfig {
  record_sessions_percent?: number;
  record_idle_timeout_ms?: number;
  record_min_ms?: number;
  record_max_ms?: number;
  record_heatmap_data?: boolean;
  /** Sampling starts nothing; `start_session_recording()` records the rest of the tab session. */
  record_manually?: true;
  /** No new replay may start (POST /record refuses one with 403 capture_paused); replays under way finish. */
  capture_status?: 'paused';
}

/** GET /settings/?$lib_version=&mp_lib=web&sdk_config=1 (Basic token auth). */
export interface SettingsReply {
  sdk_config: { config: RemoteSdkConfig };
}

/**
 * Body of POST /record/dropped/?replay_id=<id> (Basic token auth, JSON): what the SDK had to give up of a
 * replay. Each an integer from 0 to 1,000,000; the server adds them to the replay's counters.
 */
export interface DroppedDataReport {
  batches: number;
  events: number;
}

// ---- Dashboard API (/api, cookie session). Times are milliseconds since the Unix epoch. ----

export type Role = 'admin' | 'architect' | 'analyst' | 'viewer';

/** Whether a project records new replays ('active') or has capture paused by an admin. */
export type CaptureStatus = 'active' | 'paused';

export interface ProjectInfo {
  id: number;
  name: string;
  token: string;
  role: Role;
  captureStatus: CaptureStatus;
  /** "Start recordings manually": sampling starts nothing, the site calls start_session_recording(). */
  recordManually: boolean;
}

/** GET /api/auth/me, and the reply of POST /api/auth/login. */
export interface Me {
  email: string;
  name: string | null;
  projects: ProjectInfo[];
}

/** One row of the replay feed. */
export interface ReplaySummary {
  projectId: number;
  replayId: string;
  distinctId: string | null;
  deviceId: string | null;
  userId: string | null;
  /** From the user's profile ($name, or $first_name + $last_name), when one exists. */
  userName: string | null;
  /** From the user's profile ($email), when one exists. */
  userEmail: string | null;
  startedAt: number;
  lastEventAt: number;
  durationMs: number;
  startUrl: string | null;
  urls: string[];
  eventCount: number;
  clickCount: number;
  keypressCount: number;
  bytes: number;
  chunkCount: number;
  browser: BrowserName | null;
  os: OsName | null;
  /** The device class the server reads from the User-Agent: 'Desktop', 'Mobile' or 'Tablet'. */
  device: string | null;
  /** Batches the SDK reported it had to drop (POST /record/dropped): the replay has gaps when non-zero. */
  droppedBatches: number;
  /** rrweb events in those batches. */
  droppedEvents: number;
  /** Still being recorded: its last batch arrived within the last minute. Its player follows it (GET /api/replays/{id}/live). */
  live: boolean;
  /** rrweb/console@1 events of level "error" in its batches (counted as they arrive). */
  consoleErrorCount: number;
  /** $mp_rage_click events naming the replay or stitched to it. */
  rageClickCount: number;
  /** $mp_dead_click events naming the replay or stitched to it. */
  deadClickCount: number;
  /** When the project's retention deletes it (ms): its ingestion plus the project's retention days. */
  expiresAt: number;
}

/**
 * GET /api/replays/{id}/live?project= is a Server-Sent Events stream of these event names: `ready` once
 * subscribed, `chunk` (data: a ReplayChunkInfo) for each batch stored, `heartbeat`, and `end` before it closes.
 */
/** POST /api/projects/{id}/replays/import: the replay made of the file. */
export interface ReplayImported {
  replayId: string;
  chunkCount: number;
  eventCount: number;
}

export type LiveEventName = 'ready' | 'chunk' | 'heartbeat' | 'end';

/** GET /api/replays?project=&q=&from=&to=&cursor=&limit= — newest first. */
export interface ReplayFeedPage {
  replays: ReplaySummary[];
  nextCursor: string | null;
}

export interface ReplayChunkInfo {
  seq: number;
  firstTimestamp: number;
  lastTimestamp: number;
  eventCount: number;
  bytes: number;
}

/**
 * GET /api/replays/{replayId}?project= — with the first page of its chunks (up to 100), ordered by seq.
 * moreChunks: a long replay has more; GET /api/replays/{replayId}/chunks?after=<last seq> lists them.
 */
export interface ReplayDetail extends ReplaySummary {
  chunks: ReplayChunkInfo[];
  moreChunks: boolean;
}

/** GET /api/replays/{replayId}/chunks?project=&after=<seq>&limit=<1–1000> — the chunks after that seq. */
export interface ReplayChunkPage {
  chunks: ReplayChunkInfo[];
  moreChunks: boolean;
}

// ---- Project settings: GET and PUT /api/projects/{id}/settings, POST /api/projects/{id}/capture ----

/**
 * A project's replay settings as an admin edits them. null means "not set here: the site's own init
 * config applies". Times are milliseconds.
 */
export interface ReplaySettings {
  /** Share of tab sessions recorded, 0–100, fractions allowed. */
  recordSessionsPercent: number | null;
  recordIdleTimeoutMs: number | null;
  recordMinMs: number | null;
  recordMaxMs: number | null;
  recordHeatmapData: boolean | null;
  recordManually: boolean;
}

/** Body of PUT /api/projects/{id}/settings: every field stated (admins only). */
export type ReplaySettingsUpdate = ReplaySettings;

/** Body and reply of PUT /api/projects/{id}/retention. */
export interface RetentionSetting {
  retentionDays: number;
}

/** The range of a project's retention, in days (Retention/RetentionPolicy.cs holds the same). */
export const RETENTION_DAYS = { min: 7, max: 365, default: 30 } as const;

/** A project's trial and how far it has gone. */
export interface TrialStatus {
  startedAt: number;
  /** The trial ends this many days after it started (null: no day limit). */
  days: number | null;
  /** …or once this many replays were counted, whichever comes first (null: no replay limit). */
  replayCap: number | null;
  replays: number;
  endsAt: number | null;
}

/** Why new replays are refused now: a project at its monthly cap, or past its trial. */
export type QuotaBlock = 'monthly_cap' | 'trial_days' | 'trial_replays';

/** GET /api/projects/{id}/quota (every member), and the reply of PUT (admins). */
export interface QuotaStatus {
  /** New replays a calendar month (UTC) may start; null: no cap. */
  monthlyReplayCap: number | null;
  /** Replays counted this month: each tab session of our SDK once, each replay of another SDK once. */
  monthReplays: number;
  /** When the month's count starts again (ms since the epoch). */
  monthResetsAt: number;
  trial: TrialStatus | null;
  blocked: QuotaBlock | null;
  /** The reason in words, as /record gives it with quota_exceeded. */
  message: string | null;
}

/** Body of PUT /api/projects/{id}/quota: null or missing is no cap; a trial newly given starts now. */
export interface QuotaUpdate {
  monthlyReplayCap: number | null;
  trialDays: number | null;
  trialReplayCap: number | null;
  restartTrial?: boolean;
}

/** What an access log line says was done (AccessLog/AccessActions.cs holds the same). */
export const ACCESS_ACTIONS = [
  'replay.opened', 'replay.exported', 'replay.imported', 'settings.changed', 'capture.paused', 'capture.resumed',
  'retention.changed', 'quota.changed', 'import_secret.viewed', 'event_definition.described',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** One line of a project's access log: who did what, when, to what. */
export interface AccessEntry {
  id: number;
  at: number;
  userId: number | null;
  /** The member's email as it was then. */
  userEmail: string;
  action: string;
  /** A replay id, an event name…, when the action is about one. */
  target: string | null;
  /** The change made (the new settings, the days, the caps), when there is one. */
  detail: string | null;
}

/** GET /api/projects/{id}/access-log: newest first; nextBefore asks for the next page (null: no more). Admins only. */
export interface AccessLogPage {
  entries: AccessEntry[];
  nextBefore: number | null;
}

/** The bounds of a quota (Quotas/ReplayQuota.cs holds the same). */
export const QUOTA_LIMITS = { maxCap: 1_000_000_000, maxTrialDays: 365 } as const;

/** GET /api/projects/{id}/settings, and the reply of PUT …/settings and POST …/capture. */
export interface ProjectSettings extends ReplaySettings {
  captureStatus: CaptureStatus;
  /** Days replays are kept from their ingestion, 7 to 365 (PUT /api/projects/{id}/retention, admins). */
  retentionDays: number;
  /** Whether the signed-in user may change them (admins only). */
  canEdit: boolean;
  /** Whether the signed-in user may pause and resume capture (admins and architects). */
  canChangeCapture: boolean;
  /** Whether the signed-in user may see the project's import secret (admins only). */
  canReadImportSecret: boolean;
  /** The install snippet filled in for this project; null while the SDK is not built. */
  snippet: string | null;
}

/** GET /api/projects/{id}/import-secret (admins only): what POST /import is authenticated with. */
export interface ImportSecret {
  secret: string;
}

/** Body of POST /api/projects/{id}/capture (admins only). */
export interface CaptureChange {
  status: CaptureStatus;
}

/** Bounds of the millisecond settings, inclusive (the server's Projects/ReplaySettings.cs holds the same). */
export const REPLAY_SETTING_LIMITS = {
  recordSessionsPercent: { min: 0, max: 100 },
  recordIdleTimeoutMs: { min: 1_000, max: 86_400_000 },
  recordMinMs: { min: 0, max: 8_000 },
  recordMaxMs: { min: 1_000, max: 86_400_000 },
} as const;

// ---- Analytics (issue 11): events report, funnels, people, event definitions, replay events ----
// Every reply that leads to replays carries "moments": the events behind a chart point, each with the
// replay it belongs to (explicit $mp_replay_id, or stitched by person and time), or null.

export type PropertyFilterOp =
  | 'equals' | 'not_equals' | 'contains' | 'not_contains' | 'is_set' | 'is_not_set' | 'greater_than' | 'less_than';

/** One property filter; the `filters` query parameter is a JSON array of at most 20. is_set/is_not_set take no value. */
export interface PropertyFilter {
  property: string;
  op: PropertyFilterOp;
  value?: string | number;
}

/** The replay an event belongs to, and where in it the event happened. */
export interface MomentReplay {
  replayId: string;
  startedAt: number;
  durationMs: number;
  /** The event's moment, ms from the replay's start. */
  offsetMs: number;
  /** True when the event carried no $mp_replay_id and was matched to the replay by person and time. */
  stitched: boolean;
}

export interface ReplayMoment {
  insertId: string;
  name: string;
  /** The event's own distinct id (the server's ReplayMoment allows none). */
  distinctId: string | null;
  time: number;
  replay: MomentReplay | null;
}

/** Every "View Replays" / "Watch recording" reply: newest first, at most `limit` (default 50, max 200). */
export interface ReplayMomentList {
  items: ReplayMoment[];
  truncated: boolean;
}

export type EventsInterval = 'hour' | 'day' | 'week';
export type EventsMeasure = 'total' | 'unique';

export interface EventsSeries {
  event: string;
  /** null without a breakdown; else the property's value, "$other" for the rest, "$none" where it is missing. */
  breakdown: string | null;
  /** One count per bucket. */
  values: number[];
  total: number;
}

/** GET /api/projects/{id}/insights/events */
export interface EventsReport {
  from: number;
  to: number;
  interval: EventsInterval;
  measure: EventsMeasure;
  /** The start of each bucket. */
  buckets: number[];
  series: EventsSeries[];
}

/** One step of a funnel query (the `steps` query parameter is a JSON array of 2 to 10). */
export interface FunnelStepQuery {
  event: string;
  filters?: PropertyFilter[];
}

export interface FunnelStepResult {
  event: string;
  count: number;
  /** 0..1 */
  conversionFromFirst: number;
  /** 0..1 */
  conversionFromPrevious: number;
  droppedOff: number;
  medianMsToConvert: number | null;
}

/** GET /api/projects/{id}/funnels */
export interface FunnelReport {
  steps: FunnelStepResult[];
}

export interface FunnelTopEvent {
  name: string;
  people: number;
  count: number;
}

/** GET /api/projects/{id}/funnels/top-events: what people who did step k but not k+1 did next. */
export interface FunnelTopEvents {
  events: FunnelTopEvent[];
}

export type PeopleSort = 'last_seen' | 'first_seen' | 'name' | 'email' | 'distinct_id';
export type SortOrder = 'asc' | 'desc';

export interface PersonSummary {
  distinctId: string;
  name: string | null;
  email: string | null;
  firstSeen: number | null;
  lastSeen: number | null;
}

/** GET /api/projects/{id}/people?q=&sort=&order=&cursor=&limit= */
export interface PeoplePage {
  people: PersonSummary[];
  nextCursor: string | null;
}

/** GET /api/projects/{id}/people/{distinctId} */
export interface PersonProfile extends PersonSummary {
  properties: Record<string, unknown>;
  /** Every id linked to this person through $identify / $create_alias. */
  ids: string[];
}

export interface ActivityEvent {
  insertId: string;
  name: string;
  time: number;
  replayId: string | null;
  properties: Record<string, unknown>;
}

/** A run of a person's events, cut after 30 minutes without one; its replay is that of its first event with one. */
export interface ActivitySession {
  start: number;
  end: number;
  replay: MomentReplay | null;
  /** Newest first. */
  events: ActivityEvent[];
}

/** GET /api/projects/{id}/people/{distinctId}/activity?before=&limit= */
export interface PersonActivity {
  sessions: ActivitySession[];
  nextBefore: number | null;
}

export interface EventDefinitionSummary {
  name: string;
  description: string | null;
  count30d: number;
  /** 30 daily counts, oldest first. */
  daily: number[];
  firstSeen: number;
  lastSeen: number;
}

/** GET /api/projects/{id}/event-definitions — at most 2000 names, by volume. */
export interface EventDefinitionList {
  definitions: EventDefinitionSummary[];
}

export interface EventPropertySummary {
  name: string;
  count: number;
  /** Up to 5 distinct values, as strings. */
  examples: string[];
}

/** GET (and the reply of PUT) /api/projects/{id}/event-definitions/{name} */
export interface EventDefinitionDetail extends EventDefinitionSummary {
  properties: EventPropertySummary[];
}

/** Body of PUT /api/projects/{id}/event-definitions/{name} (admins and architects). */
export interface EventDefinitionUpdate {
  description: string;
}

/** Longest description the server takes. */
export const EVENT_DESCRIPTION_MAX = 2000;

export interface ReplayTrackedEvent {
  insertId: string;
  name: string;
  time: number;
  /** ms from the replay's start */
  offsetMs: number;
  stitched: boolean;
  properties: Record<string, unknown>;
}

/** GET /api/replays/{replayId}/events?project= — oldest first, at most 1000. */
export interface ReplayEventList {
  events: ReplayTrackedEvent[];
  truncated: boolean;
}

// ---- Heatmaps (issue 12) ----

export type HeatmapClickKind = 'click' | 'rage' | 'dead';

/** Clicks of one kind at one spot of an element: x, y in CSS px from its top-left corner (the click's $offsetX/$offsetY). */
export interface HeatmapPoint {
  x: number;
  y: number;
  kind: HeatmapClickKind;
  count: number;
}

/** A clicked element: its selector in the recorded page (from the nearest id or body), a label to read, counts, spots. */
export interface HeatmapElement {
  selector: string;
  label: string;
  clicks: number;
  rageClicks: number;
  deadClicks: number;
  /** Its most clicked spots (4 px cells, each at its centre), at most 500. */
  points: HeatmapPoint[];
}

/** Visitors whose deepest view of the page reached `depth` percent of it (0, 10, … 100). */
export interface ScrollDepthBucket {
  depth: number;
  visitors: number;
  /** visitors / all visitors with a page leave, 0 to 1. */
  share: number;
}

export interface ScrollDepth {
  visitors: number;
  buckets: ScrollDepthBucket[];
}

/** GET /api/projects/{id}/heatmaps?url=&from=&to=&limit= (url: a path such as /product/* or a whole address). */
export interface HeatmapReply {
  url: string;
  from: number;
  to: number;
  clicks: number;
  rageClicks: number;
  deadClicks: number;
  /** The most clicked elements, at most `limit` (default 50, max 200). */
  elements: HeatmapElement[];
  truncated: boolean;
  scrollDepth: ScrollDepth;
  /** The latest click (or page leave) on the page whose replay is stored: the page is rebuilt from it. */
  snapshot: ReplayMoment | null;
}

// Wire and API shapes shared by the SDK and the dashboard. Dependency-free on purpose:
// both bundles import it, and the server's C# records mirror it (Replays/ReplayDtos.cs, Projects/ProjectSettingsDtos.cs).

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
}

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

/** GET /api/projects/{id}/settings, and the reply of PUT …/settings and POST …/capture. */
export interface ProjectSettings extends ReplaySettings {
  captureStatus: CaptureStatus;
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

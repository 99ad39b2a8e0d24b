// Wire and API shapes shared by the SDK and the dashboard. Dependency-free on purpose:
// both bundles import it, and the server's C# records mirror it (Replays/ReplayDtos.cs).

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

/** Query parameters of POST /record/ (see PROTOCOL.md). */
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
}

// ---- Dashboard API (/api, cookie session). Times are milliseconds since the Unix epoch. ----

export type Role = 'admin' | 'architect' | 'analyst' | 'viewer';

export interface ProjectInfo {
  id: number;
  name: string;
  token: string;
  role: Role;
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
  browser: string | null;
  os: string | null;
  device: string | null;
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

/** GET /api/replays/{replayId}?project= — chunks ordered by seq. */
export interface ReplayDetail extends ReplaySummary {
  chunks: ReplayChunkInfo[];
}

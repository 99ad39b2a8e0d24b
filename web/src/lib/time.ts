// Time formatting for the feed and the player. All inputs are milliseconds.

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A player clock: m:ss, or h:mm:ss from an hour on. Negative and NaN read as 0:00. */
export function formatClock(ms: number): string {
  const totalSeconds = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return hours > 0 ? `${hours}:${pad2(minutes)}:${pad2(seconds)}` : `${minutes}:${pad2(seconds)}`;
}

/** A compact length for lists: "45s", "2m 05s", "1h 02m". Floored, like the player's clock, so both agree. */
export function formatDuration(ms: number): string {
  const totalSeconds = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  if (hours > 0) return `${hours}h ${pad2(minutes)}m`;
  return `${minutes}m ${pad2(totalSeconds % 60)}s`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the calendar date. */
export function formatRelative(ms: number, now: number = Date.now()): string {
  const age = now - ms;
  if (age < MINUTE) return 'just now';
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min ago`;
  if (age < DAY) return `${Math.floor(age / HOUR)} h ago`;
  const days = calendarDaysBetween(ms, now);
  if (days <= 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  const then = new Date(ms);
  const sameYear = then.getFullYear() === new Date(now).getFullYear();
  return (sameYear ? formats.dayThisYear() : formats.day()).format(then);
}

/** Within this of its expiry, a replay says so in the feed: a teammate may want to download it first. */
export const EXPIRY_WARNING_MS = 7 * DAY;

/** "expires in 3 days", "expires in 5 h", "expires within the hour" when near; null while far off. */
export function expiryNote(expiresAt: number, now: number = Date.now()): string | null {
  const left = expiresAt - now;
  if (left > EXPIRY_WARNING_MS) return null;
  if (left < HOUR) return 'expires within the hour';
  if (left < DAY) return `expires in ${Math.floor(left / HOUR)} h`;
  const days = Math.floor(left / DAY);
  return `expires in ${days} ${days === 1 ? 'day' : 'days'}`;
}

/** The full local date and time, for titles and the player's details. */
export function formatAbsolute(ms: number): string {
  return formats.absolute().format(new Date(ms));
}

// toLocaleString() with options builds a formatter on every call, a millisecond or so each: the feed's
// rows would spend tens of them just as a replay opens. Each is built once, on first use.
function once(options: Intl.DateTimeFormatOptions): () => Intl.DateTimeFormat {
  let format: Intl.DateTimeFormat | undefined;
  return () => (format ??= new Intl.DateTimeFormat(undefined, options));
}

const formats = {
  absolute: once({ year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  day: once({ year: 'numeric', month: 'short', day: 'numeric' }),
  dayThisYear: once({ month: 'short', day: 'numeric' }),
};

// Counted on the local calendar, so "yesterday" means the day before today, not 24 hours ago.
function calendarDaysBetween(earlier: number, later: number): number {
  const a = new Date(earlier);
  const b = new Date(later);
  const startA = new Date(a.getFullYear(), a.getMonth(), a.getDate()).getTime();
  const startB = new Date(b.getFullYear(), b.getMonth(), b.getDate()).getTime();
  return Math.round((startB - startA) / DAY);
}

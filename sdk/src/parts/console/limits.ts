// The console part's bounds. The first three are mixpanel-browser 2.83's (its stringifyOptions for rrweb's
// console plugin), so a message looks the same whichever SDK recorded it; the rest are Hindsight's own,
// because an unbounded console (a loop that logs, a logged array of 10,000 rows) must never fill a replay.
export interface ConsoleLimits {
  /** Characters kept of each string inside a logged value (longer ones end in "..."). */
  stringLengthLimit: number;
  /** Keys kept of each object (and items of each array); the rest are counted in one marker key. */
  numOfKeysLimit: number;
  /** Levels of objects shown inside a logged value; deeper ones show as "[object Object]". */
  depthOfLimit: number;
  /** Characters of one logged argument once stringified. */
  argumentLengthLimit: number;
  /** Arguments kept of one console call. */
  argumentsLimit: number;
  /** Stack frames kept of one message's trace, each at most stringLengthLimit characters. */
  traceLimit: number;
  /** Messages recorded per run of the recorder; then one warning marker, then nothing. */
  messagesLimit: number;
}

export const CONSOLE_LIMITS: ConsoleLimits = {
  stringLengthLimit: 1000,
  numOfKeysLimit: 50,
  depthOfLimit: 2,
  argumentLengthLimit: 10_000,
  argumentsLimit: 20,
  traceLimit: 20,
  messagesLimit: 1000,
};

/** The text of the marker that ends a run's console messages: rrweb's plugin's own, as the player knows it. */
export const THRESHOLD_MESSAGE = 'The number of log records reached the threshold.';

export function cut(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}...` : text;
}

/**
 * A JSON text cut to at most `limit` characters: left as it is when short enough, else a JSON string of its
 * start (so it still parses), shortened until its escapes fit too.
 */
export function cutJson(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let keep = limit - 5;
  let out = JSON.stringify(`${text.slice(0, keep)}...`);
  while (out.length > limit && keep > 0) {
    keep = Math.max(0, keep - (out.length - limit));
    out = JSON.stringify(`${text.slice(0, keep)}...`);
  }
  return out;
}

// Payload encoding for /track and /engage: `data=` + URL-encoded base64 of the JSON, as mixpanel-browser
// sends to non-mixpanel.com hosts. We encode real UTF-8 (mixpanel-browser sends CESU-8, which the server
// also accepts); both decode to the same text.

/** Base64 of the UTF-8 bytes of `text`. */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  // Chunked, because String.fromCharCode(...bigArray) overflows the argument limit on large batches.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  }
  return btoa(binary);
}

/** The form body of a /track or /engage request. */
export function formBody(payload: unknown): string {
  return 'data=' + encodeURIComponent(base64Utf8(JSON.stringify(payload)));
}

/** Mixpanel's date format: UTC, seconds precision, no zone suffix. */
export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/**
 * A copy of `value` with every string cut to `max` UTF-16 units, like mixpanel-browser does before
 * sending (its servers reject longer values). Dates become Mixpanel date strings. A cut never splits a
 * surrogate pair, so an emoji is kept whole or dropped, never half-sent.
 */
export function truncateStrings<T>(value: T, max = 255): T {
  if (typeof value === 'string') {
    if (value.length <= max) return value;
    const code = value.charCodeAt(max - 1);
    const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
    return value.slice(0, end) as T;
  }
  if (value instanceof Date) return formatDate(value) as T;
  if (Array.isArray(value)) return value.map((item) => truncateStrings(item, max)) as T;
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[key] = truncateStrings((value as Record<string, unknown>)[key], max);
    return copy as T;
  }
  return value;
}

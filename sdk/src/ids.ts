// Random identifiers: device ids and replay ids are UUIDs, $insert_id a shorter random token.

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  try {
    crypto.getRandomValues(bytes);
  } catch {
    // Very old or locked-down environments: weaker randomness beats no SDK.
    for (let i = 0; i < length; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  return bytes;
}

/** An RFC 4122 version 4 UUID. */
export function uuid(): string {
  try {
    return crypto.randomUUID();
  } catch {
    // randomUUID needs a secure context; plain-http pages still deserve unique ids.
    const b = randomBytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/**
 * The server deduplicates events on $insert_id (beacons and reloads resend on purpose), so it must be
 * unique across every client: 20 base-36 characters carry about 103 bits of randomness.
 */
export function insertId(): string {
  let id = '';
  for (const byte of randomBytes(20)) id += (byte % 36).toString(36);
  return id;
}

// Scrubs console text before it is queued: a page logs what it handles — a signed-in visitor's email, a
// request with its Authorization header, a form's card number — and none of it may leave the browser.
// What is found is replaced by a label, so the message stays readable:
//   secrets after a secret-looking key, in key=value, key: value or JSON ("password", "token",
//   "secret", "api_key", "authorization", "cookie", "session_id", "private_key", "credential", "cvv"…) → [secret]
//   `Bearer …` / `Basic …` credentials → Bearer [token];  JSON Web Tokens (eyJ….….…) → [token]
//   email addresses → [email];  card numbers (13–19 digits, spaces or dashes allowed, starting 2–6,
//   passing the Luhn check) → [card];  IBANs (passing the mod-97 check) → [iban]
// A logged value is scrubbed as the JSON it was stringified to: every string in it, and the whole value
// of any key whose name looks secret.

/**
 * A key whose value is a secret: matched anywhere in the key's name, any case. Every repetition here is
 * bounded, so a long run of letters costs time in proportion to its length, not its square.
 */
const SECRET_NAME = '[\\w.-]{0,40}?(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|authorization|credentials?|cookie|session[_-]?id|private[_-]?key|cvv|cvc)[\\w.-]{0,40}';
const SECRET_KEY = new RegExp(`^${SECRET_NAME}$`, 'i');
// key, an optional closing quote, = or :, then a quoted value or a run up to a delimiter.
const KEY_VALUE = new RegExp(`((?:^|[^\\w.-])${SECRET_NAME}["']?\\s*[:=]\\s*)("[^"]*"?|'[^']*'?|(?:(?:bearer|basic|token)\\s+)?[^\\s"'&,;}()[\\]]+)`, 'gi');
const BEARER = /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,4000}/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,4000}\.[A-Za-z0-9_-]{4,4000}\.[A-Za-z0-9_-]{0,4000}/g;
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}/g;
// No lookbehind (older Safari cannot parse it): the character before is captured instead.
const CARD = /(^|[^\d])([2-6](?:[ -]?\d){12,18})(?!\d)/g;
const IBAN = /\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30})\b/g;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function ibanValid(text: string): boolean {
  const iban = text.replace(/ /g, '');
  if (iban.length < 15 || iban.length > 34) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const c of moved) {
    const code = c.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : c;
    for (const d of value) rest = (rest * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rest === 1;
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** One string with everything above replaced by its label. */
export function scrubText(text: string): string {
  if (!text) return text;
  return text
    .replace(KEY_VALUE, (_, key: string, value: string) => {
      const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
      return `${key}${quote}[secret]${quote && value.length > 1 && value[value.length - 1] === quote ? quote : ''}`;
    })
    .replace(BEARER, (_, scheme: string) => `${scheme} [token]`)
    .replace(JWT, '[token]')
    .replace(EMAIL, '[email]')
    .replace(CARD, (match, before: string, number: string) => {
      const digits = number.replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhn(digits) ? `${before}[card]` : match;
    })
    .replace(IBAN, (match, iban: string) => (ibanValid(iban) ? '[iban]' : match));
}

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value);
  // A card number logged as a number is a number in the JSON.
  if (typeof value === 'number') return scrubText(String(value)) === String(value) ? value : '[card]';
  if (value === null || typeof value !== 'object' || depth > 64) return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    out[scrubText(key)] = isSecretKey(key) ? '[secret]' : scrubValue((value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}

/**
 * One stringified console argument, scrubbed. JSON (what the plugin writes) is read and every string and
 * secret-named key in it scrubbed; text that is not JSON is scrubbed as text.
 */
export function scrubArgument(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return scrubText(text);
  }
  return JSON.stringify(scrubValue(parsed, 0));
}

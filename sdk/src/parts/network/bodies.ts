// Bodies as text, read only for URLs recordBodyUrls lists, cut at MAX_BODY_CHARS (mixpanel-browser's cap).
import { capText, MAX_BODY_CHARS } from './options';

/** How long a fetch body may take to read before the request is recorded without it (mixpanel's 500 ms). */
export const BODY_READ_TIMEOUT_MS = 500;

function isBinary(body: unknown): boolean {
  return (typeof Blob !== 'undefined' && body instanceof Blob) ||
    (typeof ArrayBuffer !== 'undefined' && (body instanceof ArrayBuffer || ArrayBuffer.isView(body)));
}

/** An XMLHttpRequest's sent body or its response, as text; null when there is none. */
export function readXhrBody(body: unknown): string | null {
  if (body === null || body === undefined) return null;
  let text: string;
  if (typeof body === 'string') text = body;
  else if (typeof Document !== 'undefined' && body instanceof Document) text = body.documentElement?.outerHTML || '';
  else if (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams) text = body.toString();
  else if (typeof FormData !== 'undefined' && body instanceof FormData) {
    const pairs: string[] = [];
    body.forEach((value, key) => {
      pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(typeof value === 'string' ? value : '[file]')}`);
    });
    text = pairs.join('&');
  } else if (isBinary(body)) return `[binary body]`;
  else if (typeof body === 'object') {
    try {
      text = JSON.stringify(body);
    } catch {
      return 'Failed to stringify body';
    }
  } else return `Cannot read body of type ${typeof body}`;
  return capText(text, MAX_BODY_CHARS);
}

/** A fetch Request's or Response's body, read from a clone so the page's own copy is never touched. */
export function readFetchBody(message: Request | Response): Promise<string> {
  return new Promise((resolve) => {
    const timeout = setTimeout(() => resolve('Timeout while trying to read body'), BODY_READ_TIMEOUT_MS);
    const done = (text: string) => {
      clearTimeout(timeout);
      resolve(text);
    };
    try {
      message.clone().text().then(
        (text) => done(capText(text, MAX_BODY_CHARS)),
        (reason) => done(`Failed to read body: ${String(reason)}`),
      );
    } catch (error) {
      done(`Failed to read body: ${String(error)}`);
    }
  });
}

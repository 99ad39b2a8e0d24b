// Wraps window.fetch. The page's call goes to the original with the very same arguments and gets the very
// same promise; what is recorded is read beside it — headers from a copy, bodies from clones, and only
// once the call has settled.
import { readFetchBody } from './bodies';
import { bodyAllowed, headerAllowed, type Direction, type NetworkData, type NetworkOptions } from './options';
import { emitCall } from './record';

/** The URL, method and headers the call will use, or null when they cannot be read (fetch will say why). */
function describe(win: Window, input: unknown, init: RequestInit | undefined) {
  try {
    // A Request, from this window or another one (instanceof would miss those).
    const request = input && typeof input === 'object' && typeof (input as Request).clone === 'function' &&
      typeof (input as Request).method === 'string' ? (input as Request) : null;
    const url = new URL(request ? request.url : String(input), win.location.href).href;
    const method = String(init?.method || request?.method || 'GET').toUpperCase();
    const headers = new (win as Window & typeof globalThis).Headers(init?.headers !== undefined ? init.headers : request?.headers);
    return { request, url, method, headers };
  } catch {
    return null;
  }
}

function pickHeaders(options: NetworkOptions, direction: Direction, headers: Headers): Record<string, string> {
  const picked: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (headerAllowed(options, direction, name)) picked[name] = value;
  });
  return picked;
}

/** The request's body, from a clone; a stream body is never touched (reading it would take it from fetch). */
function requestBody(win: Window, request: Request | null, url: string, init: RequestInit | undefined): Promise<string | null> {
  const body = init?.body;
  if (body !== undefined && body !== null) {
    if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) return Promise.resolve('[stream body]');
    try {
      return readFetchBody(new (win as Window & typeof globalThis).Request(url, { method: 'POST', body }));
    } catch (error) {
      return Promise.resolve(`Failed to read body: ${String(error)}`);
    }
  }
  if (request && request.body) return readFetchBody(request);
  return Promise.resolve(null);
}

export function observeFetch(cb: (data: NetworkData) => void, win: Window, options: NetworkOptions): () => void {
  if (options.initiatorTypes.indexOf('fetch') < 0 || typeof win.fetch !== 'function') return () => {};
  const original = win.fetch;
  const wrapped = function (this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const call = describe(win, input, init);
    if (!call) return original.apply(this, arguments as unknown as Parameters<typeof fetch>);
    // Read before the original runs: a Request's body is used once fetch has it.
    const sentBody = bodyAllowed(options, 'request', call.url) ? requestBody(win, call.request, call.url, init) : undefined;
    const after = win.performance.now();
    const result = original.apply(this, arguments as unknown as Parameters<typeof fetch>);
    Promise.resolve(result).then(
      (response) => {
        const before = win.performance.now();
        const receivedBody = bodyAllowed(options, 'response', call.url) ? readFetchBody(response) : undefined;
        return Promise.all([sentBody, receivedBody]).then(([requestBody, responseBody]) => emitCall(win, cb, 'fetch', {
          url: call.url, method: call.method, status: response.status, after, before,
          requestHeaders: pickHeaders(options, 'request', call.headers), requestBody: requestBody ?? undefined,
          responseHeaders: pickHeaders(options, 'response', response.headers), responseBody: responseBody ?? undefined,
        }));
      },
      // A network error: recorded with status 0, as an XMLHttpRequest reports one.
      () => Promise.resolve(sentBody).then((requestBody) => emitCall(win, cb, 'fetch', {
        url: call.url, method: call.method, status: 0, after, before: win.performance.now(),
        requestHeaders: pickHeaders(options, 'request', call.headers), requestBody: requestBody ?? undefined,
        responseHeaders: {},
      })),
    ).catch(() => {
      // Recording a request must never surface as an error on the page.
    });
    return result;
  };
  win.fetch = wrapped as typeof fetch;
  return () => {
    // Only undo our own wrapper: a later wrapper of someone else's keeps working.
    if (win.fetch === wrapped) win.fetch = original;
  };
}

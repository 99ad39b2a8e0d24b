// Wraps XMLHttpRequest's open, setRequestHeader and send on the prototype. Each calls the original with the
// same arguments and returns what it returns; what is recorded is kept beside the request (a WeakMap), and
// read from it after it is done, from a listener of its own: the page's listeners and properties are
// never changed.
import { readXhrBody } from './bodies';
import { bodyAllowed, headerAllowed, type NetworkData, type NetworkOptions } from './options';
import { emitCall } from './record';

interface XhrCall {
  url: string;
  method: string;
  requestHeaders: Record<string, string>;
  requestBody?: string | null;
  after: number;
}

function responseHeaders(xhr: XMLHttpRequest, options: NetworkOptions): Record<string, string> {
  const picked: Record<string, string> = {};
  if (options.recordHeaders.response.length === 0) return picked;
  for (const line of (xhr.getAllResponseHeaders() || '').trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.substring(0, colon).trim();
    if (headerAllowed(options, 'response', name)) picked[name.toLowerCase()] = line.substring(colon + 1).trim();
  }
  return picked;
}

export function observeXhr(cb: (data: NetworkData) => void, win: Window, options: NetworkOptions): () => void {
  const Xhr = (win as Window & { XMLHttpRequest?: typeof XMLHttpRequest }).XMLHttpRequest;
  if (options.initiatorTypes.indexOf('xmlhttprequest') < 0 || !Xhr) return () => {};
  const proto = Xhr.prototype;
  const calls = new WeakMap<XMLHttpRequest, XhrCall>();
  const { open, setRequestHeader, send } = proto;

  function done(this: XMLHttpRequest) {
    if (this.readyState !== 4) return;
    const call = calls.get(this);
    calls.delete(this);
    if (!call) return;
    const before = win.performance.now();
    let responseBody: string | null | undefined;
    if (bodyAllowed(options, 'response', call.url)) {
      try {
        responseBody = readXhrBody(this.response);
      } catch (error) {
        responseBody = `Failed to read body: ${String(error)}`;
      }
    }
    emitCall(win, cb, 'xmlhttprequest', {
      url: call.url, method: call.method, status: this.status, after: call.after, before,
      requestHeaders: call.requestHeaders, requestBody: call.requestBody,
      responseHeaders: responseHeaders(this, options), responseBody: responseBody ?? undefined,
    }).catch(() => {});
  }

  const wrappedOpen = function (this: XMLHttpRequest, method: string, url: string | URL) {
    try {
      calls.set(this, {
        url: new URL(String(url), win.location.href).href,
        method: String(method).toUpperCase(),
        requestHeaders: {},
        after: 0,
      });
    } catch {
      calls.delete(this);
    }
    return open.apply(this, arguments as unknown as Parameters<typeof open>);
  };
  const wrappedSetRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
    const call = calls.get(this);
    if (call && headerAllowed(options, 'request', String(name))) {
      const key = String(name).toLowerCase();
      // Repeated headers are combined, as the browser sends them.
      call.requestHeaders[key] = key in call.requestHeaders ? `${call.requestHeaders[key]}, ${value}` : String(value);
    }
    return setRequestHeader.apply(this, arguments as unknown as Parameters<typeof setRequestHeader>);
  };
  const wrappedSend = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const call = calls.get(this);
    if (call) {
      if (bodyAllowed(options, 'request', call.url)) {
        try {
          call.requestBody = readXhrBody(body);
        } catch (error) {
          call.requestBody = `Failed to read body: ${String(error)}`;
        }
      }
      call.after = win.performance.now();
      this.addEventListener('readystatechange', done);
    }
    return send.apply(this, arguments as unknown as Parameters<typeof send>);
  };
  proto.open = wrappedOpen as typeof open;
  proto.setRequestHeader = wrappedSetRequestHeader;
  proto.send = wrappedSend;
  return () => {
    if (proto.open === wrappedOpen) proto.open = open;
    if (proto.setRequestHeader === wrappedSetRequestHeader) proto.setRequestHeader = setRequestHeader;
    if (proto.send === wrappedSend) proto.send = send;
  };
}

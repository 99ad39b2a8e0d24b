// The network part against a real HTTP server on 127.0.0.1: the real fetch of this runtime and jsdom's real
// XMLHttpRequest, wrapped by the part exactly as rrweb's plugin observer wraps a page's.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedEvent } from '@hindsight/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, resolveConfig, type UserConfig } from '../src/config';
import { readXhrBody } from '../src/parts/network/bodies';
import { observeFetch } from '../src/parts/network/fetch-observer';
import {
  DEFAULT_INITIATOR_TYPES, MAX_BODY_CHARS, resolveNetworkOptions, TRUNCATED_MARK,
  type NetworkData, type NetworkRecordOptions, type NetworkRequest,
} from '../src/parts/network/options';
import { NETWORK_PLUGIN_NAME, networkPlugin } from '../src/parts/network/plugin';
import { networkSanitiser } from '../src/parts/network/sanitiser';
import { observeXhr } from '../src/parts/network/xhr-observer';
import { partNames } from '../src/recorder/parts';

let server: Server;
let base: string;
const received: Array<{ url: string; body: string; headers: IncomingMessage['headers'] }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const cors = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': 'authorization, x-request-id, content-type, x-other',
      'Access-Control-Expose-Headers': 'x-trace, set-cookie, x-hidden',
    };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ url: req.url || '', body, headers: req.headers });
      const status = req.url?.startsWith('/fail') ? 500 : 200;
      const answer = req.url?.startsWith('/big') ? 'x'.repeat(MAX_BODY_CHARS + 10) : `answer to ${body || req.url}`;
      res.writeHead(status, { ...cors, 'Content-Type': 'text/plain', 'X-Trace': 'trace-1', 'X-Hidden': 'h', 'Set-Cookie': 'sid=SECRET' });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let stops: Array<() => void> = [];
afterEach(() => {
  stops.forEach((stop) => stop());
  stops = [];
  received.length = 0;
});

function options(given: NetworkRecordOptions = {}, config: UserConfig = {}) {
  return resolveNetworkOptions(resolveConfig('t', 'hindsight', { api_host: 'http://hindsight.test', record_network_options: given, ...config }));
}

/** Runs the plugin's observer on this window; `next()` resolves with the next recorded request. */
function observe(given: NetworkRecordOptions = {}) {
  const recorded: NetworkRequest[] = [];
  const waiting: Array<(request: NetworkRequest) => void> = [];
  const plugin = networkPlugin(options({ initiatorTypes: ['fetch', 'xmlhttprequest'], ...given }));
  stops.push(plugin.observer!((data) => {
    for (const request of (data as NetworkData).requests) {
      const wake = waiting.shift();
      if (wake) wake(request);
      else recorded.push(request);
    }
  }, window, plugin.options));
  const next = () => new Promise<NetworkRequest>((resolve) => {
    const ready = recorded.shift();
    if (ready) resolve(ready);
    else waiting.push(resolve);
  });
  return { next, recorded };
}

function xhr(method: string, url: string, body?: string, headers: Record<string, string> = {}) {
  const request = new XMLHttpRequest();
  const events: string[] = [];
  const done = new Promise<void>((resolve) => {
    request.addEventListener('readystatechange', () => events.push(`state${request.readyState}`));
    request.onload = () => (events.push('load'), resolve());
    request.onerror = () => (events.push('error'), resolve());
  });
  request.open(method, url);
  for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
  request.send(body);
  return { request, events, done };
}

describe('network options', () => {
  it('Record_network is off by default and turns on the network part', () => {
    expect(DEFAULTS.record_network).toBe(false);
    expect(partNames(resolveConfig('t', 'hindsight', {}))).not.toContain('network');
    expect(partNames(resolveConfig('t', 'hindsight', { record_network: true }))).toContain('network');
  });

  it('Defaults are mixpanel-browser 2.83s: every initiator type, no headers, no bodies, no initial requests', () => {
    const resolved = options();
    expect(resolved.initiatorTypes).toEqual(DEFAULT_INITIATOR_TYPES);
    expect(resolved.initiatorTypes).toHaveLength(21);
    expect(resolved.recordHeaders).toEqual({ request: [], response: [] });
    expect(resolved.recordBodyUrls).toEqual({ request: [], response: [] });
    expect(resolved.recordInitialRequests).toBe(false);
    expect(resolved.ignoreRequestUrls).toEqual([]);
    expect(resolved.ignoreRequestFn({} as NetworkRequest)).toBe(false);
  });

  it('Requests to Hindsight itself, ignored URLs and those ignoreRequestFn rejects are not recorded', async () => {
    const sanitise = networkSanitiser(options({ ignoreRequestUrls: ['/skip-\\d+'], ignoreRequestFn: (r) => r.url.endsWith('/fn') }));
    const event = (url: string) => ({ type: 6, timestamp: 0, data: { plugin: NETWORK_PLUGIN_NAME, payload: { requests: [{ url, initiatorType: 'fetch', startTime: 1, endTime: 2, timeOrigin: 3 }] } } }) as RecordedEvent;
    expect(sanitise(event('http://hindsight.test/record/?x=1'))).toBe(false);
    expect(sanitise(event('http://hindsight.test'))).toBe(false);
    expect(sanitise(event('http://site.test/skip-42'))).toBe(false);
    expect(sanitise(event('http://site.test/fn'))).toBe(false);
    expect(sanitise(event('http://hindsight.test.evil/keep'))).toBe(true);
  });

  it('A fetch is left unwrapped when initiatorTypes leaves it out', () => {
    const before = window.fetch;
    stops.push(observeFetch(() => {}, window, options({ initiatorTypes: ['script'] })));
    expect(window.fetch).toBe(before);
  });
});

describe('fetch wrapping', () => {
  it('The original fetch gets the same arguments and the page the same response, body unread', async () => {
    const real = window.fetch;
    const calls: unknown[][] = [];
    window.fetch = function (...args: Parameters<typeof fetch>) {
      calls.push(args);
      return real(...args);
    } as typeof fetch;
    stops.push(() => (window.fetch = real));
    const { next } = observe({ recordBodyUrls: { request: ['/echo'], response: ['/echo'] } });
    const init = { method: 'POST', body: 'hello', headers: { 'X-Other': '1' } };
    const response = await window.fetch(`${base}/echo`, init);
    expect(calls).toEqual([[`${base}/echo`, init]]);
    expect(response.bodyUsed).toBe(false);
    expect(await response.text()).toBe('answer to hello');
    const request = await next();
    expect(request).toMatchObject({ url: `${base}/echo`, method: 'POST', initiatorType: 'fetch', status: 200, requestBody: 'hello', responseBody: 'answer to hello' });
    expect(request.endTime).toBeGreaterThanOrEqual(request.startTime);
    expect(request.timeOrigin).toBeGreaterThan(1.6e12);
  }, 10_000);

  it('A Request with a body still reaches the server whole when its body is recorded', async () => {
    const { next } = observe({ recordBodyUrls: { request: ['.*'], response: [] } });
    const sent = new Request(`${base}/echo`, { method: 'PUT', body: 'payload' });
    const response = await window.fetch(sent);
    expect(await response.text()).toBe('answer to payload');
    expect(received[0].body).toBe('payload');
    expect(await next()).toMatchObject({ method: 'PUT', requestBody: 'payload' });
  }, 10_000);

  it('A server error resolves as before and is recorded with its status', async () => {
    const { next } = observe();
    const response = await window.fetch(`${base}/fail`);
    expect(response.status).toBe(500);
    expect(await next()).toMatchObject({ url: `${base}/fail`, status: 500, method: 'GET' });
  }, 10_000);

  it('A network error rejects the page s promise as before and is recorded with status 0', async () => {
    const real = window.fetch;
    const { next } = observe();
    const refused = 'http://127.0.0.1:1/refused';
    const [ours, theirs] = await Promise.all([
      window.fetch(refused).then(() => null, (error) => error),
      real(refused).then(() => null, (error) => error),
    ]);
    expect(ours).toBeInstanceOf(TypeError);
    expect(ours.constructor).toBe(theirs.constructor);
    expect(ours.message).toBe(theirs.message);
    expect(await next()).toMatchObject({ url: refused, status: 0 });
  }, 10_000);

  it('A fetch that cannot start throws as before, synchronously or not', async () => {
    const real = window.fetch;
    observe();
    const theirs = await Promise.resolve().then(() => real('http://[bad')).then(() => null, (e) => e);
    const ours = await Promise.resolve().then(() => window.fetch('http://[bad')).then(() => null, (e) => e);
    expect(ours?.constructor).toBe(theirs?.constructor);
    expect(ours?.message).toBe(theirs?.message);
  });

  it('Only listed headers are recorded, and never Authorization, Cookie or Set-Cookie even when listed', async () => {
    const { next } = observe({
      recordHeaders: { request: ['X-Request-Id', 'authorization', 'cookie'], response: ['x-trace', 'set-cookie'] },
    });
    await window.fetch(`${base}/h`, { headers: { 'X-Request-Id': 'r-1', Authorization: 'Bearer SECRET', 'X-Other': 'o' } });
    const request = await next();
    expect(request.requestHeaders).toEqual({ 'x-request-id': 'r-1' });
    expect(request.responseHeaders).toEqual({ 'x-trace': 'trace-1' });
    expect(received[0].headers.authorization).toBe('Bearer SECRET');
  }, 10_000);

  it('Bodies are recorded only for URLs recordBodyUrls lists', async () => {
    const { next } = observe({ recordBodyUrls: { request: ['/listed'], response: ['/listed'] } });
    await (await window.fetch(`${base}/other`, { method: 'POST', body: 'not-me' })).text();
    const request = await next();
    expect(request.requestBody).toBeUndefined();
    expect(request.responseBody).toBeUndefined();
    expect(JSON.stringify(request)).not.toContain('not-me');
  }, 10_000);

  it('A long response body is cut at mixpanel-browser s 1 MiB with its mark, the page s copy whole', async () => {
    const { next } = observe({ recordBodyUrls: { request: [], response: ['/big'] } });
    const text = await (await window.fetch(`${base}/big`)).text();
    expect(text).toHaveLength(MAX_BODY_CHARS + 10);
    const request = await next();
    expect(request.responseBody).toHaveLength(MAX_BODY_CHARS + TRUNCATED_MARK.length);
    expect(request.responseBody!.endsWith(TRUNCATED_MARK)).toBe(true);
  }, 10_000);

  it('Stopping restores the fetch that was there before', () => {
    const before = window.fetch;
    const stop = observeFetch(() => {}, window, options());
    expect(window.fetch).not.toBe(before);
    stop();
    expect(window.fetch).toBe(before);
  });
});

describe('XMLHttpRequest wrapping', () => {
  it('The page s events fire and its response is untouched; the request is recorded with status and headers', async () => {
    const { next } = observe({
      recordHeaders: { request: ['x-request-id', 'authorization'], response: ['x-trace', 'set-cookie'] },
      recordBodyUrls: { request: ['/x'], response: ['/x'] },
    });
    const call = xhr('POST', `${base}/x`, 'sent', { 'X-Request-Id': 'r-2', Authorization: 'Bearer SECRET' });
    await call.done;
    expect(call.events).toContain('load');
    expect(call.events).toContain('state4');
    expect(call.request.status).toBe(200);
    expect(call.request.responseText).toBe('answer to sent');
    expect(received[0].headers.authorization).toBe('Bearer SECRET');
    const request = await next();
    expect(request).toMatchObject({
      url: `${base}/x`, method: 'POST', initiatorType: 'xmlhttprequest', status: 200,
      requestHeaders: { 'x-request-id': 'r-2' }, responseHeaders: { 'x-trace': 'trace-1' },
      requestBody: 'sent', responseBody: 'answer to sent',
    });
    expect(Object.keys(call.request)).toEqual([]);
  }, 10_000);

  it('A failing XHR still reports its error to the page and is recorded with status 500 or 0', async () => {
    const { next } = observe();
    const failing = xhr('GET', `${base}/fail`);
    await failing.done;
    expect(failing.events).toContain('load');
    expect((await next()).status).toBe(500);
    const refused = xhr('GET', 'http://127.0.0.1:1/refused');
    await refused.done;
    expect(refused.events).toContain('error');
    expect(await next()).toMatchObject({ url: 'http://127.0.0.1:1/refused', status: 0 });
  }, 15_000);

  it('Stopping restores XMLHttpRequest s own methods', () => {
    const { open, send, setRequestHeader } = XMLHttpRequest.prototype;
    const stop = observeXhr(() => {}, window, options());
    expect(XMLHttpRequest.prototype.open).not.toBe(open);
    stop();
    expect(XMLHttpRequest.prototype).toMatchObject({ open, send, setRequestHeader });
  });

  it('XHR bodies of every kind read as text, capped', () => {
    const form = new FormData();
    form.append('a', '1 2');
    expect(readXhrBody(form)).toBe('a=1%202');
    expect(readXhrBody(new URLSearchParams({ q: 'x' }))).toBe('q=x');
    expect(readXhrBody({ json: true })).toBe('{"json":true}');
    expect(readXhrBody(new ArrayBuffer(4))).toBe('[binary body]');
    expect(readXhrBody(null)).toBeNull();
    expect(readXhrBody('y'.repeat(MAX_BODY_CHARS + 1))).toHaveLength(MAX_BODY_CHARS + TRUNCATED_MARK.length);
  });
});

describe('network sanitiser', () => {
  const event = (request: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    ({ type: 6, timestamp: 0, data: { plugin: NETWORK_PLUGIN_NAME, payload: { requests: [{ url: 'http://site.test/api', initiatorType: 'fetch', startTime: 1, endTime: 2, timeOrigin: 3, ...request }], ...extra } } }) as RecordedEvent;
  const requestOf = (e: RecordedEvent) => (e.data as { payload: NetworkData }).payload.requests[0];

  it('Removes credentials headers even when listed, and unlisted headers', () => {
    const sanitise = networkSanitiser(options({ recordHeaders: { request: ['authorization', 'cookie', 'proxy-authorization', 'x-a'], response: ['set-cookie', 'x-b'] } }));
    const e = event({
      requestHeaders: { Authorization: 'Bearer S', cookie: 'c=S', 'Proxy-Authorization': 'Basic S', 'x-a': 'a', 'x-z': 'z' },
      responseHeaders: { 'set-cookie': 'S', 'x-b': 'b' },
    });
    expect(sanitise(e)).toBe(true);
    expect(requestOf(e).requestHeaders).toEqual({ 'x-a': 'a' });
    expect(requestOf(e).responseHeaders).toEqual({ 'x-b': 'b' });
  });

  it('Removes bodies of URLs not listed, keeps listed ones capped, and drops unknown fields', () => {
    const sanitise = networkSanitiser(options({ recordBodyUrls: { request: ['/api'], response: [] } }));
    const e = event({ requestBody: 'q'.repeat(MAX_BODY_CHARS * 2), responseBody: 'SECRET', extra: 'SECRET', url: 'http://site.test/api?' + 'u'.repeat(10_000) });
    expect(sanitise(e)).toBe(true);
    const request = requestOf(e);
    expect(request.requestBody).toHaveLength(MAX_BODY_CHARS + TRUNCATED_MARK.length);
    expect(request).not.toHaveProperty('responseBody');
    expect(request).not.toHaveProperty('extra');
    expect(request.url.length).toBeLessThan(8300);
  });

  it('Drops malformed network events and requests without timing', () => {
    const sanitise = networkSanitiser(options());
    expect(sanitise({ type: 6, timestamp: 0, data: { plugin: NETWORK_PLUGIN_NAME, payload: 'x' } } as RecordedEvent)).toBe(false);
    expect(sanitise(event({ startTime: 'soon' }))).toBe(false);
    const initial = event({ url: 5 }, { isInitial: true });
    expect(sanitise(initial)).toBe(true);
    expect((initial.data as { payload: NetworkData }).payload).toEqual({ requests: [], isInitial: true });
  });
});

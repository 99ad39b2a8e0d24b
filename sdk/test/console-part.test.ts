import type { RecordedEvent } from '@hindsight/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { observeConsole, type ConsoleMessage } from '../src/parts/console/console-plugin';
import { resolveConfig } from '../src/config';
import { consolePart } from '../src/parts/console/entry';
import { partNames, RECORDER_PARTS_GLOBAL } from '../src/recorder/parts';
import { CONSOLE_LIMITS, THRESHOLD_MESSAGE, type ConsoleLimits } from '../src/parts/console/limits';
import { consoleSanitiser } from '../src/parts/console/sanitiser';
import { scrubArgument, scrubText } from '../src/parts/console/scrub';
import { stringifyArgument } from '../src/parts/console/stringify';
import { traceOf } from '../src/parts/console/stack';

let stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

/** The plugin on this page, as rrweb runs it, with the page's console methods silenced underneath. */
function observe(limits: Partial<ConsoleLimits> = {}) {
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'assert', 'table'] as const) vi.spyOn(console, level).mockImplementation(() => {});
  const messages: ConsoleMessage[] = [];
  const stop = observeConsole((m) => messages.push(m as ConsoleMessage), window, { limits: { ...CONSOLE_LIMITS, ...limits }, budget: { used: 0 } });
  stops.push(stop);
  return { messages, stop };
}

describe('the console part', () => {
  it('is asked for by default, as mixpanel-browser records the console by default, and not when record_console is off', () => {
    expect(partNames(resolveConfig('t', 'hindsight', {}))).toContain('console');
    expect(partNames(resolveConfig('t', 'hindsight', { record_console: false }))).not.toContain('console');
  });

  it('registers itself where the recorder looks for it', () => {
    expect((window as unknown as Record<string, Record<string, unknown>>)[RECORDER_PARTS_GLOBAL].console).toBe(consolePart);
  });

  it('gives rrweb the console plugin and the privacy filter its sanitiser under the same name', () => {
    const part = consolePart.create({} as never, {} as never, () => {});
    expect(part.plugins!.map((p) => p.name)).toEqual(['rrweb/console@1']);
    expect(part.sanitisers!.map(([name]) => name)).toEqual(['rrweb/console@1']);
  });
});

describe('the console plugin', () => {
  it('records each level with its arguments stringified as JSON and the caller in its trace', () => {
    const { messages } = observe();
    function checkout() {
      console.log('cart', 3, { items: ['a'] });
      console.info('info');
      console.warn('warn');
      console.error('error');
      console.debug('debug');
    }
    checkout();
    expect(messages.map((m) => m.level)).toEqual(['log', 'info', 'warn', 'error', 'debug']);
    expect(messages[0].payload).toEqual(['"cart"', '3', '{"items":["a"]}']);
    expect(messages[0].trace[0]).toMatch(/^checkout \(.*console-part\.test\.ts:\d+:\d+\)$/);
  });

  it('calls the page\'s console first, with its arguments and its this, and returns what it returned', () => {
    const calls: unknown[][] = [];
    const original = vi.fn(function (this: unknown, ...args: unknown[]) {
      calls.push([this, ...args]);
      return 'result';
    });
    console.log = original as typeof console.log;
    const messages: unknown[] = [];
    stops.push(observeConsole((m) => { messages.push(m); if (calls.length === 0) throw new Error('page first'); }, window, { limits: CONSOLE_LIMITS, budget: { used: 0 } }));
    expect((console.log as unknown as (...a: unknown[]) => unknown)('x')).toBe('result');
    expect(calls).toEqual([[console, 'x']]);
    expect(messages).toHaveLength(1);
  });

  it('never breaks the page when recording fails, and keeps recording later messages', () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    let fail = true;
    const messages: unknown[] = [];
    stops.push(observeConsole((m) => { if (fail) throw new Error('ours'); messages.push(m); }, window, { limits: CONSOLE_LIMITS, budget: { used: 0 } }));
    const evil = { get boom() { throw new Error('getter'); } };
    expect(() => console.log('first', evil)).not.toThrow();
    fail = false;
    console.log('second', evil);
    expect((messages[0] as ConsoleMessage).payload).toEqual(['"second"', '"[unserializable]"']);
  });

  it('puts the page\'s console methods back when recording stops', () => {
    const { stop, messages } = observe();
    const wrapped = console.warn;
    expect(vi.isMockFunction(wrapped)).toBe(false);
    stop();
    // The page's own method again: here, the test's silenced one.
    expect(vi.isMockFunction(console.warn)).toBe(true);
    console.warn('after');
    expect(messages).toHaveLength(0);
  });

  it('leaves a later wrapper in place when it stops, its own part of it doing nothing', () => {
    const { stop, messages } = observe();
    const ours = console.info;
    const later = (...args: unknown[]) => ours(...args);
    console.info = later;
    stop();
    expect(console.info).toBe(later);
    console.info('still works');
    expect(messages).toHaveLength(0);
  });

  it('records a failed assert without its condition, and nothing for a passing one', () => {
    const { messages } = observe();
    console.assert(true, 'fine');
    console.assert(false, 'broken', 1);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ level: 'assert', payload: ['"broken"', '1'] });
  });

  it('records uncaught errors with their stack and unhandled rejections as errors', () => {
    const { messages } = observe();
    const error = new Error('boom');
    window.dispatchEvent(new ErrorEvent('error', { message: 'Uncaught Error: boom', error }));
    const rejection = new Event('unhandledrejection') as Event & { reason: unknown };
    rejection.reason = new TypeError('nope');
    window.dispatchEvent(rejection);
    const plain = new Event('unhandledrejection') as Event & { reason: unknown };
    plain.reason = { code: 7 };
    window.dispatchEvent(plain);
    expect(messages[0]).toMatchObject({ level: 'error', payload: ['"Uncaught Error: boom"'] });
    expect(messages[0].trace.length).toBeGreaterThan(0);
    expect(messages[1]).toMatchObject({ level: 'error', payload: ['"Uncaught (in promise) TypeError: nope"'] });
    expect(messages[1].trace.length).toBeGreaterThan(0);
    expect(messages[2]).toMatchObject({ level: 'error', trace: [], payload: ['"Uncaught (in promise)"', '{"code":7}'] });
  });

  it('records at most messagesLimit messages per run, then one marker, then nothing', () => {
    const { messages } = observe({ messagesLimit: 3 });
    for (let i = 0; i < 10; i++) console.log(i);
    expect(messages.map((m) => m.payload[0])).toEqual(['0', '1', '2', JSON.stringify(THRESHOLD_MESSAGE)]);
    expect(messages[3].level).toBe('warn');
  });

  it('shares one budget between the runs of a part instance (page and iframes) and starts afresh for the next run', () => {
    const first = consolePart.create({} as never, {} as never, () => {});
    const second = consolePart.create({} as never, {} as never, () => {});
    expect(first.plugins![0].options).not.toBe(second.plugins![0].options);
    expect((first.plugins![0].options as { budget: { used: number } }).budget.used).toBe(0);
  });
});

describe('stringified arguments', () => {
  const limits = CONSOLE_LIMITS;
  it('cut strings, keys, items, depth and the whole argument to the bounds', () => {
    expect(stringifyArgument('x'.repeat(1500), limits)).toBe(JSON.stringify('x'.repeat(1000) + '...'));
    const wide = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i]));
    const parsed = JSON.parse(stringifyArgument(wide, limits));
    expect(Object.keys(parsed)).toHaveLength(51);
    expect(parsed['...']).toBe('10 more keys');
    expect(JSON.parse(stringifyArgument(Array.from({ length: 60 }, (_, i) => i), limits))).toHaveLength(51);
    expect(stringifyArgument({ a: { b: { c: { d: 1 } } } }, limits)).toBe('{"a":{"b":{"c":"[object Object]"}}}');
    const big = Array.from({ length: 50 }, () => 'y'.repeat(1000));
    const text = stringifyArgument(big, limits);
    expect(text.length).toBeLessThanOrEqual(limits.argumentLengthLimit);
    expect(typeof JSON.parse(text)).toBe('string');
  });

  it('show undefined, bigints, circular references, errors and elements without their content', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    expect(stringifyArgument(undefined, limits)).toBe('"undefined"');
    expect(stringifyArgument(10n, limits)).toBe('"10n"');
    expect(stringifyArgument(circular, limits)).toBe('{"name":"loop","self":"[Circular]"}');
    expect(JSON.parse(stringifyArgument(new Error('bad'), limits))).toMatch(/^Error: bad\n[\s\S]*End of stack for Error object$/);
    const div = document.createElement('div');
    div.id = 'cart';
    div.className = 'item open';
    div.textContent = 'Ada Lovelace';
    expect(stringifyArgument(div, limits)).toBe('"div#cart.item.open"');
  });
});

describe('stack traces', () => {
  it('read V8 and Firefox/Safari frames in rrweb\'s form', () => {
    const v8 = 'Error: x\n    at pay (https://shop.test/app.js:10:5)\n    at https://shop.test/app.js:20:1';
    expect(traceOf(v8, CONSOLE_LIMITS)).toEqual(['pay (https://shop.test/app.js:10:5)', 'https://shop.test/app.js:20:1']);
    const gecko = 'pay@https://shop.test/app.js:10:5\n@https://shop.test/app.js:20:1';
    expect(traceOf(gecko, CONSOLE_LIMITS)).toEqual(['pay (https://shop.test/app.js:10:5)', 'https://shop.test/app.js:20:1']);
  });
});

describe('scrubbing', () => {
  it.each([
    ['signed in as ada.lovelace+shop@example.co.uk', 'signed in as [email]'],
    ['card 4111 1111 1111 1111 ok', 'card [card] ok'],
    ['card 5500-0000-0000-0004', 'card [card]'],
    ['amex 378282246310005', 'amex [card]'],
    ['GET /api?token=abc123&page=2', 'GET /api?token=[secret]&page=2'],
    ['password=hunter2 user=ada', 'password=[secret] user=ada'],
    ['Authorization: Bearer abc.def-ghi', 'Authorization: [secret]'],
    ['sent Bearer abcdef123456', 'sent Bearer [token]'],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', 'jwt [token]'],
    ['{"api_key": "sk_live_1234", "n": 2}', '{"api_key": "[secret]", "n": 2}'],
    ["client_secret: 'a b c'", "client_secret: '[secret]'"],
    ['iban GB82 WEST 1234 5698 7654 32 paid', 'iban [iban] paid'],
  ])('replaces secrets in %j', (text, clean) => {
    expect(scrubText(text)).toBe(clean);
  });

  it.each([
    'order 1234567890123 shipped', // 13 digits starting 1: a timestamp, not a card
    'order 4111 1111 1111 1112', // fails the Luhn check
    'author=Ada', 'at https://shop.test/app.js:10:5',
  ])('leaves %j as it is', (text) => {
    expect(scrubText(text)).toBe(text);
  });

  it('scrubs a stringified value through its structure and keeps it JSON', () => {
    const text = stringifyArgument({ user: { email: 'ada@example.com', password: 'hunter2', card: 4111111111111111 }, token_count: 5, note: 'x' }, CONSOLE_LIMITS);
    const clean = scrubArgument(text);
    expect(JSON.parse(clean)).toEqual({ user: { email: '[email]', password: '[secret]', card: '[card]' }, token_count: '[secret]', note: 'x' });
  });
});

describe('the sanitiser', () => {
  const sanitise = consoleSanitiser(CONSOLE_LIMITS);
  const event = (payload: unknown) => ({ type: 6, timestamp: 1, data: { plugin: 'rrweb/console@1', payload } }) as RecordedEvent;

  it('scrubs payload and trace, keeping only the message\'s three fields', () => {
    const e = event({ level: 'log', trace: ['pay (https://shop.test/?token=abc:1:2)'], payload: ['"ada@example.com"', '{"password":"x"}'], extra: 'ada@example.com' });
    expect(sanitise(e)).toBe(true);
    expect((e.data as { payload: unknown }).payload).toEqual({ level: 'log', trace: ['pay (https://shop.test/?token=[secret]:1:2)'], payload: ['"[email]"', '{"password":"[secret]"}'] });
  });

  it('drops what is not a console message', () => {
    expect(sanitise(event(null))).toBe(false);
    expect(sanitise(event({ level: 'shout', trace: [], payload: [] }))).toBe(false);
    expect(sanitise(event({ level: 'log', trace: [], payload: 'text' }))).toBe(false);
  });

  it('cuts a message that exceeds the bounds', () => {
    const e = event({ level: 'log', trace: Array(50).fill('f:1:1'), payload: Array(50).fill(JSON.stringify('z'.repeat(20_000))) });
    expect(sanitise(e)).toBe(true);
    const clean = (e.data as { payload: ConsoleMessage }).payload;
    expect(clean.trace).toHaveLength(CONSOLE_LIMITS.traceLimit);
    expect(clean.payload).toHaveLength(CONSOLE_LIMITS.argumentsLimit + 1);
    expect(clean.payload[0].length).toBeLessThanOrEqual(CONSOLE_LIMITS.argumentLengthLimit);
  });
});

// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { DevtoolsLog, filterConsole, levelCounts } from '../src/player/devtools';
import { activityMarkers } from '../src/player/activity';
import { PageLog } from '../src/player/page-log';
import { shortcutFor } from '../src/player/shortcuts';

const T0 = 1_700_000_000_000;
const consoleEvent = (ms: number, level: string, payload: string[], trace: string[] = []) => ({
  type: 6, timestamp: T0 + ms, data: { plugin: 'rrweb/console@1', payload: { level, trace, payload } },
});
// mixpanel-browser's network plugin: performance-clock times plus the page's timeOrigin.
const networkEvent = (requests: object[]) => ({ type: 6, timestamp: T0 + 9000, data: { plugin: 'rrweb/network@1.mp', payload: { requests } } });

describe('the console and network panels read what both SDKs record', () => {
  it('lists console messages with readable arguments, levels and traces, in time order', () => {
    const log = new DevtoolsLog();
    expect(log.add([consoleEvent(2000, 'error', ['"checkout failed"', '{"code":7}'], ['at pay (app.js:1:2)']), consoleEvent(500, 'log', ['"cart loaded"'])], T0)).toBe(true);
    expect(log.console.map((e) => [e.ms, e.level, e.args])).toEqual([
      [500, 'log', ['cart loaded']],
      [2000, 'error', ['checkout failed', '{"code":7}']],
    ]);
    expect(log.console[1].trace).toEqual(['at pay (app.js:1:2)']);
    expect(Object.fromEntries(levelCounts(log.console))).toEqual({ log: 1, error: 1 });
    expect(filterConsole(log.console, null, 'CHECKOUT').map((e) => e.ms)).toEqual([2000]);
    expect(filterConsole(log.console, 'log', '').map((e) => e.ms)).toEqual([500]);
  });

  it('places requests on the replay clock, marks failures and makes markers of errors and failures', () => {
    const log = new DevtoolsLog();
    log.add([networkEvent([
      { url: 'https://shop.test/api/cart', method: 'post', initiatorType: 'fetch', status: 500, startTime: 1200.4, endTime: 1450, timeOrigin: T0 + 1000, responseBody: 'oops' },
      { url: 'https://shop.test/api/pay', method: 'GET', initiatorType: 'xmlhttprequest', status: 0, startTime: 3000, endTime: 3010, timeOrigin: T0 + 1000 },
      { url: 'https://shop.test/logo.png', initiatorType: 'img', startTime: 100, endTime: 180, timeOrigin: T0 + 1000 },
      { method: 'GET' },
    ]), consoleEvent(700, 'error', ['"boom"'])], T0);
    expect(log.network.map((e) => [e.ms, e.durationMs, e.method, e.status, e.failed, e.size])).toEqual([
      [1100, 80, 'GET', undefined, false, null],
      [2200, 250, 'POST', 500, true, 4],
      [4000, 10, 'GET', 0, true, null],
    ]);
    expect(activityMarkers(null, log, new PageLog(), 3000).map((m) => [m.kind, m.ms])).toEqual([
      ['console-error', 700], ['failed-request', 2200], ['failed-request', 3000],
    ]);
  });

  it('ignores other plugins and malformed payloads', () => {
    const log = new DevtoolsLog();
    expect(log.add([
      { type: 6, timestamp: T0, data: { plugin: 'rrweb/other@1', payload: {} } },
      { type: 6, timestamp: T0, data: { plugin: 'rrweb/network@1.mp', payload: { requests: 'no' } } },
      { type: 3, timestamp: T0, data: { source: 1 } },
    ], T0)).toBe(false);
  });
});

describe('the player shortcuts', () => {
  const key = (key: string, extra: Partial<KeyboardEvent> = {}) =>
    shortcutFor({ key, code: key === ' ' ? 'Space' : '', ctrlKey: false, metaKey: false, altKey: false, target: document.body, ...extra });

  it('maps keys to actions, and none while typing or with a modifier', () => {
    expect(key(' ')).toEqual({ kind: 'toggle-play' });
    expect(key('ArrowLeft')).toEqual({ kind: 'seek-by', ms: -5000 });
    expect(key('ArrowRight')).toEqual({ kind: 'seek-by', ms: 5000 });
    expect(key('1')).toEqual({ kind: 'speed', speed: 0.5 });
    expect(key('5')).toEqual({ kind: 'speed', speed: 8 });
    expect(key('6')).toBeNull();
    expect(key('f')).toEqual({ kind: 'fullscreen' });
    expect(key('K')).toEqual({ kind: 'skip-inactive' });
    expect(key('?')).toEqual({ kind: 'help' });
    expect(key('f', { ctrlKey: true })).toBeNull();
    const field = document.createElement('input');
    expect(key('k', { target: field })).toBeNull();
  });
});

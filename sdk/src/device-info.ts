// The automatic properties every event carries: who is browsing with what, and where.
// Names and values follow mixpanel-browser (types' BROWSER_NAMES and OS_NAMES), which the server's parser
// for replays gives too: the shared table types/user-agents.json holds both to it.
import type { BrowserName, OsName } from '@hindsight/types';
import { insertId } from './ids';
import { LIB_VERSION, MP_LIB } from './version';

// Order matters: many user agents mention the names checked later (every Chromium says "Safari").
// mixpanel-browser tests `window.opera` (Presto's Opera) where this tests the user agent's "Opera".
const BROWSERS: Array<[RegExp, BrowserName, RegExp?]> = [
  [/ OPR\/|Opera/, 'Opera', /(?:Opera|OPR)\/(\d+(\.\d+)?)/],
  [/BlackBerry|PlayBook|BB10/i, 'BlackBerry', /BlackBerry (\d+(\.\d+)?)/],
  [/IEMobile|WPDesktop/, 'Internet Explorer Mobile', /rv:(\d+(\.\d+)?)/],
  [/SamsungBrowser\//, 'Samsung Internet', /SamsungBrowser\/(\d+(\.\d+)?)/],
  [/Edge|Edg\//, 'Microsoft Edge', /Edge?\/(\d+(\.\d+)?)/],
  [/FBIOS/, 'Facebook Mobile'],
  [/Whale\//, 'Whale Browser', /Whale\/(\d+(\.\d+)?)/],
  [/Chrome/, 'Chrome', /Chrome\/(\d+(\.\d+)?)/],
  [/CriOS/, 'Chrome iOS', /CriOS\/(\d+(\.\d+)?)/],
  [/UCWEB|UCBrowser/, 'UC Browser', /(?:UCBrowser|UCWEB)\/(\d+(\.\d+)?)/],
  [/FxiOS/, 'Firefox iOS', /FxiOS\/(\d+(\.\d+)?)/],
];

export function browserName(ua: string, vendor = ''): BrowserName | '' {
  return browserInfo(ua, vendor)[0];
}

function browserInfo(ua: string, vendor: string): [BrowserName | '', number | null] {
  let name: BrowserName | '' = '';
  let version: RegExp | undefined;
  const hit = BROWSERS.find(([test]) => test.test(ua));
  if (hit) [, name, version] = hit;
  else if (vendor.indexOf('Apple') >= 0) {
    name = /Mobile/.test(ua) ? 'Mobile Safari' : 'Safari';
    version = /Version\/(\d+(\.\d+)?)/;
  } else if (/Android/.test(ua)) [name, version] = ['Android Mobile', /android\s(\d+(\.\d+)?)/];
  else if (/Konqueror/.test(ua)) [name, version] = ['Konqueror', /Konqueror:(\d+(\.\d+)?)/];
  else if (/Firefox/.test(ua)) [name, version] = ['Firefox', /Firefox\/(\d+(\.\d+)?)/];
  else if (/MSIE|Trident\//.test(ua)) [name, version] = ['Internet Explorer', /(?:rv:|MSIE )(\d+(\.\d+)?)/];
  else if (/Gecko/.test(ua)) [name, version] = ['Mozilla', /rv:(\d+(\.\d+)?)/];
  if (name === 'Opera' && ua.includes('Mini')) [name, version] = ['Opera Mini', undefined];
  const match = version && ua.match(version);
  return [name, match ? parseFloat(match[1]) : null];
}

export function osName(ua: string): OsName | '' {
  if (/Windows/i.test(ua)) return /Phone|WPDesktop/.test(ua) ? 'Windows Phone' : 'Windows';
  if (/iPhone|iPad|iPod/.test(ua)) return 'iOS';
  if (/Android/.test(ua)) return 'Android';
  if (/BlackBerry|PlayBook|BB10/i.test(ua)) return 'BlackBerry';
  if (/Mac/i.test(ua)) return 'Mac OS X';
  if (/Linux/.test(ua)) return 'Linux';
  if (/CrOS/.test(ua)) return 'Chrome OS';
  return '';
}

export function deviceName(ua: string): string {
  if (/Windows Phone|WPDesktop/i.test(ua)) return 'Windows Phone';
  if (/iPad/.test(ua)) return 'iPad';
  if (/iPod/.test(ua)) return 'iPod Touch';
  if (/iPhone/.test(ua)) return 'iPhone';
  if (/BlackBerry|PlayBook|BB10/i.test(ua)) return 'BlackBerry';
  if (/Android/.test(ua)) return 'Android';
  return '';
}

function withoutEmpty(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(props)) if (props[key]) out[key] = props[key];
  return out;
}

/** Properties computed fresh for each event: page, device, library, a unique $insert_id and the time. */
export function eventDefaults(): Record<string, unknown> {
  const ua = navigator.userAgent;
  const [browser, version] = browserInfo(ua, navigator.vendor || '');
  const referrer = document.referrer;
  return {
    ...withoutEmpty({
      $os: osName(ua),
      $browser: browser,
      $referrer: referrer,
      $referring_domain: referrer.split('/')[2] || '',
      $device: deviceName(ua),
    }),
    $current_url: location.href,
    $browser_version: version,
    $screen_height: screen.height,
    $screen_width: screen.width,
    mp_lib: MP_LIB,
    $lib_version: LIB_VERSION,
    $insert_id: insertId(),
    time: Date.now() / 1000,
  };
}

/** Properties mixpanel-browser adds to every people.set: what the profile last used. */
export function profileDefaults(): Record<string, unknown> {
  const ua = navigator.userAgent;
  const [browser, version] = browserInfo(ua, navigator.vendor || '');
  return { ...withoutEmpty({ $os: osName(ua), $browser: browser }), $browser_version: version };
}

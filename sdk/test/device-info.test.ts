import { describe, expect, it } from 'vitest';
import { BROWSER_NAMES, OS_NAMES } from '@hindsight/types';
import table from '../../types/user-agents.json?raw';
import { browserName, deviceName, eventDefaults, osName } from '../src/device-info';

interface UserAgentCase {
  userAgent: string;
  vendor: string;
  browser: string | null;
  os: string | null;
}

// The table the server's parser is tested against too (tests/Hindsight.Server.Tests/UserAgentParserTests.cs).
const cases = (JSON.parse(table) as { cases: UserAgentCase[] }).cases;
const SAFARI_IPHONE = cases.find((c) => c.browser === 'Mobile Safari')!.userAgent;
const CHROME_LINUX = cases.find((c) => c.browser === 'Chrome' && c.os === 'Linux')!.userAgent;

describe('device info', () => {
  it.each(cases)('names $browser on $os the way mixpanel-browser reports it', (c) => {
    expect(browserName(c.userAgent, c.vendor) || null).toBe(c.browser);
    expect(osName(c.userAgent) || null).toBe(c.os);
  });

  it('uses every name of the shared vocabulary in the table, and nothing else', () => {
    expect(new Set(cases.map((c) => c.browser).filter(Boolean))).toEqual(new Set(BROWSER_NAMES));
    expect(new Set(cases.map((c) => c.os).filter(Boolean))).toEqual(new Set(OS_NAMES));
  });

  it('names devices the way mixpanel-browser reports them', () => {
    expect(deviceName(SAFARI_IPHONE)).toBe('iPhone');
    expect(deviceName(CHROME_LINUX)).toBe('');
  });

  it('stamps every event with page, screen, library, a fresh insert id and the time in seconds', () => {
    const before = Date.now() / 1000;
    const props = eventDefaults();
    expect(props).toMatchObject({ $current_url: location.href, mp_lib: 'web', $lib_version: '0.1.0' });
    expect(typeof props.$screen_width).toBe('number');
    expect(typeof props.$screen_height).toBe('number');
    expect(props.time as number).toBeGreaterThanOrEqual(before);
    expect(props.time as number).toBeLessThan(before + 5);
    expect(props.$insert_id).not.toBe(eventDefaults().$insert_id);
  });
});

import { describe, expect, it } from 'vitest';
import { browserName, deviceName, eventDefaults, osName } from '../src/device-info';

const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const EDGE_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0';

describe('device info', () => {
  it('names browsers the way mixpanel-browser reports them', () => {
    expect(browserName(CHROME_LINUX, 'Google Inc.')).toBe('Chrome');
    expect(browserName(EDGE_WINDOWS, 'Google Inc.')).toBe('Microsoft Edge');
    expect(browserName(SAFARI_IPHONE, 'Apple Computer, Inc.')).toBe('Mobile Safari');
    expect(browserName(FIREFOX_MAC, '')).toBe('Firefox');
  });

  it('names operating systems and devices the way mixpanel-browser reports them', () => {
    expect(osName(CHROME_LINUX)).toBe('Linux');
    expect(osName(EDGE_WINDOWS)).toBe('Windows');
    expect(osName(SAFARI_IPHONE)).toBe('iOS');
    expect(osName(FIREFOX_MAC)).toBe('Mac OS X');
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

import { describe, expect, it } from 'vitest';
import { platformLabel, shortUrl, userLabel } from '../src/lib/labels';

const nobody = { userName: null, userEmail: null, userId: null, distinctId: null, deviceId: null };

describe('the user shown for a replay', () => {
  it('is the profile name, with the email under it', () => {
    expect(userLabel({ ...nobody, userName: 'Ada Lovelace', userEmail: 'ada@example.com', distinctId: 'u1' })).toEqual({
      primary: 'Ada Lovelace',
      secondary: 'ada@example.com',
    });
  });

  it('is the email, with the id under it, when there is no name', () => {
    expect(userLabel({ ...nobody, userEmail: 'ada@example.com', userId: 'u1', distinctId: 'u1' })).toEqual({
      primary: 'ada@example.com',
      secondary: 'u1',
    });
  });

  it('falls back to the user id, then the distinct id', () => {
    expect(userLabel({ ...nobody, userId: 'u1', distinctId: 'd1' })).toEqual({ primary: 'u1', secondary: 'd1' });
    expect(userLabel({ ...nobody, distinctId: 'd1' })).toEqual({ primary: 'd1', secondary: null });
    expect(userLabel(nobody).primary).toBe('Anonymous visitor');
  });
});

describe('platform and address labels', () => {
  it('name browser and OS, and the device only when it is not a desktop', () => {
    expect(platformLabel({ browser: 'Chrome', os: 'Mac OS X', device: 'Desktop' })).toBe('Chrome · Mac OS X');
    expect(platformLabel({ browser: 'Safari', os: 'iOS', device: 'Mobile' })).toBe('Safari · iOS · Mobile');
    expect(platformLabel({ browser: null, os: null, device: null })).toBeNull();
  });

  it('shorten a URL to host and path', () => {
    expect(shortUrl('https://shop.example/cart/?step=2#top')).toBe('shop.example/cart');
    expect(shortUrl('not a url')).toBe('not a url');
    expect(shortUrl(null)).toBe('—');
  });
});

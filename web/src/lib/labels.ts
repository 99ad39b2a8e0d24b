// How a replay's user, platform and address read in the feed and the player.

import type { ReplaySummary } from '@hindsight/types';

type Who = Pick<ReplaySummary, 'userName' | 'userEmail' | 'userId' | 'distinctId' | 'deviceId'>;

/**
 * The profile's name and email when the site identified the user; otherwise the best id there is.
 * `secondary` is what goes under it (the email, or the id), so a teammate can still search by it.
 */
export function userLabel(who: Who): { primary: string; secondary: string | null } {
  const id = who.userId ?? who.distinctId ?? who.deviceId;
  if (who.userName) return { primary: who.userName, secondary: who.userEmail ?? id };
  if (who.userEmail) return { primary: who.userEmail, secondary: id };
  if (id) return { primary: id, secondary: who.userId && who.distinctId && who.distinctId !== who.userId ? who.distinctId : null };
  return { primary: 'Anonymous visitor', secondary: null };
}

/** "Chrome · Mac OS X", with the device when it is not a desktop; null when the user agent told nothing. */
export function platformLabel(replay: Pick<ReplaySummary, 'browser' | 'os' | 'device'>): string | null {
  const parts: string[] = [replay.browser, replay.os].filter((name): name is NonNullable<typeof name> => Boolean(name));
  if (replay.device && !/^desktop$/i.test(replay.device)) parts.push(replay.device);
  return parts.join(' · ') || null;
}

/** host + path of a URL, without the scheme and query: what fits in a feed row. */
export function shortUrl(url: string | null): string {
  if (!url) return '—';
  try {
    const u = new URL(url);
    return (u.host + u.pathname).replace(/\/$/, '') || url;
  } catch {
    return url;
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

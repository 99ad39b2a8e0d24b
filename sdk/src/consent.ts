// Whether this visitor may be tracked and recorded at all: the opt-out / opt-in choice, kept per project,
// and the browser's Do Not Track signal. mixpanel-browser's storage key (`__mp_opt_in_out_<token>`) and
// values ('0' out, '1' in) are used, so a visitor's choice survives a site switching between the SDKs.
// The choice is read from storage on every check, so an opt-out in one tab holds in the others at once.
import type { Config } from './config';
import { cookieStore, localStore, type KeyValueStore } from './storage';

export const OPT_IN_OUT_PREFIX = '__mp_opt_in_out_';
/** A cookie a site's server may set to opt a visitor out before the SDK runs (mixpanel-browser's name). */
export const OPT_OUT_COOKIE = 'mp_optout';

/** Per-call overrides, as mixpanel-browser's opt-in/out methods take them. */
export interface ConsentOptions {
  persistence_type?: 'localStorage' | 'cookie';
  cookie_prefix?: string;
}

/** Do Not Track as browsers have spelled it: navigator.doNotTrack, the old msDoNotTrack, window.doNotTrack. */
export function doNotTrack(win: Window = window): boolean {
  const nav = (win.navigator || {}) as unknown as Record<string, unknown>;
  const signals = [nav.doNotTrack, nav.msDoNotTrack, (win as unknown as Record<string, unknown>).doNotTrack];
  return signals.some((value) => value === true || value === 1 || value === '1' || value === 'yes');
}

export class Consent {
  /** Made once: every track() asks, and finding out whether localStorage works costs a write. */
  private readonly local = localStore();
  private readonly cookies = cookieStore();

  constructor(private readonly config: Config) {}

  private store(options?: ConsentOptions): KeyValueStore {
    const type = options?.persistence_type || this.config.opt_out_tracking_persistence_type;
    // Where localStorage is refused, the choice still holds in a cookie.
    return (type !== 'cookie' && this.local) || this.cookies;
  }

  private key(options?: ConsentOptions): string {
    return (options?.cookie_prefix || this.config.opt_out_tracking_cookie_prefix || OPT_IN_OUT_PREFIX) + this.config.token;
  }

  private stored(options?: ConsentOptions): string | null {
    return this.store(options).get(this.key(options));
  }

  /** Nothing may be sent: Do Not Track is on (and the site does not ignore it), or the visitor opted out. */
  optedOut(options?: ConsentOptions): boolean {
    return (!this.config.ignore_dnt && doNotTrack()) || this.stored(options) === '0';
  }

  optedIn(options?: ConsentOptions): boolean {
    return this.stored(options) === '1';
  }

  set(optedIn: boolean, options?: ConsentOptions): void {
    this.store(options).set(this.key(options), optedIn ? '1' : '0');
  }

  clear(options?: ConsentOptions): void {
    this.store(options).remove(this.key(options));
  }

  /**
   * At init: opt the visitor out when the site asks for opt-out by default (or its server set the
   * mp_optout cookie), unless they opted in before. True when that happened now.
   */
  applyDefault(): boolean {
    const cookies = this.cookies;
    const byCookie = !!cookies.get(OPT_OUT_COOKIE);
    if (this.optedIn() || this.stored() === '0' || !(this.config.opt_out_tracking_by_default || byCookie)) return false;
    cookies.remove(OPT_OUT_COOKIE);
    this.set(false);
    return true;
  }
}

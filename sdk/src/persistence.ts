// The visitor's identity and super properties, kept between visits in localStorage (default) or a
// cookie, under hs_<token>_hindsight. Reads reload from storage each time so that two tabs of the same
// site agree (a tab that identifies the user changes what the other tabs send).
import { cookieStore, localStore, memoryStore, readJson, writeJson, type KeyValueStore } from './storage';

export type Props = Record<string, unknown>;

/** Keys the SDK keeps for itself: stored with the identity but never sent as event properties. */
export const ALIAS_KEY = '__alias';
export const PEOPLE_QUEUE_KEY = '__people';
const RESERVED = [ALIAS_KEY, PEOPLE_QUEUE_KEY];

export class Persistence {
  private props: Props = {};
  private readonly store: KeyValueStore;
  private disabled = false;

  constructor(
    readonly key: string,
    kind: 'localStorage' | 'cookie',
  ) {
    const local = localStore();
    const cookie = cookieStore();
    // Without localStorage (private modes, blocked storage) a cookie still carries the visitor over.
    this.store = (kind === 'localStorage' && local) || cookie || memoryStore();
    this.load();
    // A site that switches persistence keeps its visitors: take over what the other store held.
    const other = this.store === local ? cookie : local;
    const previous = other && readJson<Props>(other, key);
    if (previous) {
      other!.remove(key);
      this.registerOnce(previous);
    }
  }

  private load(): void {
    if (this.disabled) return;
    const stored = readJson<Props>(this.store, this.key);
    if (stored && typeof stored === 'object') this.props = stored;
  }

  private save(): void {
    if (!this.disabled) writeJson(this.store, this.key, this.props);
  }

  /** Opted out: what was stored is deleted and nothing is written; the identity lives for this page only. */
  disable(): void {
    this.disabled = true;
    this.store.remove(this.key);
  }

  /** Opted in again: the identity of this page is stored from now on. */
  enable(): void {
    if (!this.disabled) return;
    this.disabled = false;
    this.save();
  }

  get(name: string): unknown {
    this.load();
    return this.props[name];
  }

  register(props: Props): void {
    this.load();
    Object.assign(this.props, props);
    this.save();
  }

  /**
   * Sets each property unless it already has a value other than `defaultValue` (mixpanel-browser's
   * rule: 'None' by default, so a placeholder can still be replaced).
   */
  registerOnce(props: Props, defaultValue: unknown = 'None'): void {
    this.load();
    for (const name of Object.keys(props)) {
      if (!(name in this.props) || this.props[name] === defaultValue) this.props[name] = props[name];
    }
    this.save();
  }

  unregister(name: string): void {
    this.load();
    delete this.props[name];
    this.save();
  }

  clear(): void {
    this.props = {};
    this.store.remove(this.key);
  }

  /** Identity and super properties as they go on an event. */
  eventProperties(): Props {
    this.load();
    const out: Props = {};
    for (const name of Object.keys(this.props)) if (RESERVED.indexOf(name) < 0) out[name] = this.props[name];
    return out;
  }
}

// people.set and friends: updates to the user's profile, sent to /engage. The replay feed finds
// people by the $name and $email they carry.
//
// Like mixpanel-browser, updates made before the visitor is identified wait (in the persisted identity)
// and go out on identify(), so they land on the user's profile rather than on an anonymous one. Unlike
// it, a visitor identified on an earlier page counts as identified: a site need not call identify() on
// every page for its profile updates to be sent.
import { profileDefaults } from './device-info';
import { truncateStrings } from './encoding';

export type Callback = (response: unknown, data?: unknown) => void;

/** What people.* needs from its instance. */
export interface PeopleHost {
  /** False until init(): calls before it do nothing. */
  ready(): boolean;
  /** False while the visitor is opted out: updates are neither sent nor kept. */
  allowed(): boolean;
  token(): string;
  identity(): { distinct_id: string; $device_id?: unknown; $user_id?: unknown; $had_persisted_distinct_id?: unknown };
  isIdentified(): boolean;
  /** Parks an update until identify(). */
  hold(update: Record<string, unknown>): void;
  send(message: Record<string, unknown>, callback?: Callback): void;
}

/** Profile fields the SDK owns; a site cannot overwrite them through people.*. */
const RESERVED = ['$distinct_id', '$token', '$device_id', '$user_id', '$had_persisted_distinct_id'];

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** people.set('a', 1) and people.set({a: 1}) both become {a: 1}, without reserved names. */
function pairs(prop: unknown, value: unknown, wrap?: (v: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const source = isObject(prop) ? prop : { [String(prop)]: value };
  for (const key of Object.keys(source)) {
    if (RESERVED.indexOf(key) < 0) out[key] = wrap ? wrap(source[key]) : source[key];
  }
  return out;
}

const asList = (v: unknown) => (Array.isArray(v) ? v : [v]);

export class People {
  constructor(private readonly host: PeopleHost) {}

  set(prop: unknown, to?: unknown, callback?: Callback): Record<string, unknown> {
    if (isObject(prop)) callback = to as Callback;
    return this.update({ $set: { ...profileDefaults(), ...pairs(prop, to) } }, callback);
  }

  set_once(prop: unknown, to?: unknown, callback?: Callback): Record<string, unknown> {
    if (isObject(prop)) callback = to as Callback;
    return this.update({ $set_once: pairs(prop, to) }, callback);
  }

  unset(prop: string | string[], callback?: Callback): Record<string, unknown> {
    return this.update({ $unset: asList(prop).filter((p) => RESERVED.indexOf(String(p)) < 0) }, callback);
  }

  increment(prop: unknown, by?: unknown, callback?: Callback): Record<string, unknown> {
    if (isObject(prop)) callback = by as Callback;
    const add = pairs(prop, by === undefined ? 1 : by);
    for (const key of Object.keys(add)) if (isNaN(parseFloat(String(add[key])))) delete add[key];
    return this.update({ $add: add }, callback);
  }

  append(list: unknown, value?: unknown, callback?: Callback): Record<string, unknown> {
    if (isObject(list)) callback = value as Callback;
    return this.update({ $append: pairs(list, value) }, callback);
  }

  union(list: unknown, values?: unknown, callback?: Callback): Record<string, unknown> {
    if (isObject(list)) callback = values as Callback;
    return this.update({ $union: pairs(list, values, asList) }, callback);
  }

  remove(list: unknown, value?: unknown, callback?: Callback): Record<string, unknown> {
    if (isObject(list)) callback = value as Callback;
    return this.update({ $remove: pairs(list, value) }, callback);
  }

  /** Sends one update now if the visitor is identified, otherwise parks it until identify(). */
  update(operation: Record<string, unknown>, callback?: Callback): Record<string, unknown> {
    if (!this.host.ready()) return {};
    if (!this.host.allowed()) {
      // mixpanel-browser's answer for "opted out".
      if (typeof callback === 'function') callback(0);
      return {};
    }
    const message = truncateStrings(this.message(operation));
    if (this.host.isIdentified()) {
      this.host.send(message, callback);
    } else {
      this.host.hold(truncateStrings(operation));
      // mixpanel-browser's answer for "queued until identify".
      if (typeof callback === 'function') callback(-1);
    }
    return message;
  }

  /** The /engage message for an operation, addressed to the visitor as they are now. */
  message(operation: Record<string, unknown>): Record<string, unknown> {
    const id = this.host.identity();
    const message: Record<string, unknown> = { $token: this.host.token(), $distinct_id: id.distinct_id };
    if (id.$device_id) message.$device_id = id.$device_id;
    if (id.$user_id) message.$user_id = id.$user_id;
    if (id.$had_persisted_distinct_id) message.$had_persisted_distinct_id = id.$had_persisted_distinct_id;
    return { ...message, ...operation };
  }
}

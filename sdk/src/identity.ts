// Who the visitor is, with mixpanel-browser's identity rules: an anonymous visitor is `$device:<uuid>`;
// identify() switches distinct_id to the site's user id and records the switch as an $identify event,
// which is how the server links the anonymous history (and replays) to the user.
import { uuid } from './ids';
import { ALIAS_KEY, type Persistence, type Props } from './persistence';

export const DEVICE_PREFIX = '$device:';

/** An event the identity change asks the caller to track. */
export interface IdentityEvent {
  event: string;
  properties: Props;
}

/** Gives a visitor without a stored identity a new anonymous one. */
export function ensureIdentity(persistence: Persistence): void {
  if (persistence.get('distinct_id')) return;
  const deviceId = uuid();
  persistence.registerOnce({ distinct_id: DEVICE_PREFIX + deviceId, $device_id: deviceId }, '');
}

export function distinctId(persistence: Persistence): string {
  return String(persistence.get('distinct_id') ?? '');
}

/**
 * Applies identify(newId). Returns the $identify event to track when the distinct id changed, null when
 * nothing changed, or an error message when the id is not allowed.
 */
export function identify(persistence: Persistence, newId: string): IdentityEvent | null | string {
  const previous = distinctId(persistence);
  if (newId && newId !== previous) {
    // A user id that looks anonymous would be merged with some other device's history on the server.
    if (newId.indexOf(DEVICE_PREFIX) === 0) return 'distinct_id cannot have $device: prefix';
    persistence.register({ $user_id: newId });
  }
  if (!persistence.get('$device_id')) {
    // An identity stored before device ids existed: keep what was there as the device id.
    persistence.registerOnce({ $had_persisted_distinct_id: true, $device_id: previous }, '');
  }
  if (newId && newId !== previous && newId !== persistence.get(ALIAS_KEY)) {
    persistence.unregister(ALIAS_KEY);
    persistence.register({ distinct_id: newId });
  }
  if (!newId || newId === previous) return null;
  return { event: '$identify', properties: { distinct_id: newId, $anon_distinct_id: previous } };
}

/**
 * Applies alias(alias, original). Returns the $create_alias event to track, or an error message when
 * the alias is the current id (then the caller identifies instead, as mixpanel-browser does).
 */
export function alias(persistence: Persistence, aliasId: string, original?: string): IdentityEvent | string {
  const from = original === undefined ? distinctId(persistence) : original;
  if (aliasId === from) return 'alias matches current distinct_id - skipping api call';
  persistence.register({ [ALIAS_KEY]: aliasId });
  return { event: '$create_alias', properties: { alias: aliasId, distinct_id: from } };
}

/** Forgets the visitor: a new anonymous identity, no super properties. */
export function resetIdentity(persistence: Persistence): void {
  persistence.clear();
  ensureIdentity(persistence);
}

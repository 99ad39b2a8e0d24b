// Sent as $lib_version on every event and /record batch. build.mjs checks it against package.json.
export const LIB_VERSION = '0.1.0';

// The library family on the wire. Hindsight speaks mixpanel-browser's protocol, so it names itself the
// way that client does; the server tells the two apart by $lib_version if it ever needs to.
export const MP_LIB = 'web';

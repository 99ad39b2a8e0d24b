// Names of the per-tab recording state in sessionStorage, in one place because the core and the recorder
// bundle both read them. Instance name and token are part of every key, so two SDK instances (or two
// projects) on one page never share a replay.

const prefix = (name: string, token: string) => `hs_${name}_${token}_`;

/** The tab's sampling decision: { percent, sampled }. */
export const samplingKey = (name: string, token: string) => prefix(name, token) + 'sampling';

/** The tab's current replay (replay-registry.ts). */
export const registryKey = (name: string, token: string) => prefix(name, token) + 'replay';

/** Which page of the tab currently holds the replay; tells a duplicated tab from a reload. */
export const pageKey = (name: string, token: string) => prefix(name, token) + 'page';

/** Batches stashed at page hide, re-sent by the next page of the tab (recorder/stash.ts). */
export const stashKey = (name: string, token: string) => prefix(name, token) + 'stash';

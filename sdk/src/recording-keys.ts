// Names of the per-tab recording state in sessionStorage, in one place because the core and the recorder
// bundle both read them. Instance name and token are part of every key, so two SDK instances (or two
// projects) on one page never share a replay. (Replays and their batches live in IndexedDB: idb.ts.)

const prefix = (name: string, token: string) => `hs_${name}_${token}_`;

/** The tab's id (tab-id.ts). */
export const tabKey = (name: string, token: string) => prefix(name, token) + 'tab';

/** Which page of the tab is live; tells a duplicated tab from a reload. */
export const pageKey = (name: string, token: string) => prefix(name, token) + 'page';

/** The tab's sampling decision: { percent, sampled, tab }. */
export const samplingKey = (name: string, token: string) => prefix(name, token) + 'sampling';

/** The tab id for which start_session_recording() asked to record the rest of the tab session. */
export const forcedKey = (name: string, token: string) => prefix(name, token) + 'forced';

/** Batches sealed at page hide, for the next page of the tab in case IndexedDB had no time (recorder/stash.ts). */
export const stashKey = (name: string, token: string) => prefix(name, token) + 'stash';

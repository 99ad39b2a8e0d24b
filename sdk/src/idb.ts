// The SDK's database: IndexedDB where the browser allows it (survives reloads, closed tabs and outages),
// an in-memory stand-in where it does not (private modes, sandboxed frames), so recording still works for
// the life of the page. Two stores: `replays` (replay-registry.ts) and `batches` (idb-queue.ts). Both
// bundles open it; a transaction spans both stores, so an acknowledgement removes a batch and advances
// the replay's seq together or not at all.

export type StoreName = 'replays' | 'batches';
export type DbKey = string | number | Array<string | number>;

const STORES: StoreName[] = ['replays', 'batches'];
const DB_NAME = 'hindsight';
const DB_VERSION = 1;
/** Some browsers never answer open() in private windows; recording must not wait on them forever. */
const OPEN_TIMEOUT_MS = 2000;

export interface Tx {
  get<T>(store: StoreName, key: DbKey): Promise<T | undefined>;
  /** Values whose keys lie within [lower, upper], in key order, at most `limit` of them. */
  range<T>(store: StoreName, lower: DbKey, upper: DbKey, limit?: number): Promise<T[]>;
  keys(store: StoreName, lower: DbKey, upper: DbKey): Promise<DbKey[]>;
  put(store: StoreName, key: DbKey, value: unknown): Promise<void>;
  delete(store: StoreName, key: DbKey): Promise<void>;
}

export interface Db {
  /** false for the in-memory stand-in. */
  readonly persistent: boolean;
  /** Runs `work` as one transaction over both stores. `work` may await only this transaction's calls. */
  run<T>(mode: 'readonly' | 'readwrite', work: (tx: Tx) => Promise<T>): Promise<T>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function indexedDbOf(db: IDBDatabase): Db {
  // Another page upgrading the schema asks us to step aside; later transactions then fail and callers
  // treat that like any storage failure.
  db.onversionchange = () => db.close();
  return {
    persistent: true,
    run<T>(mode: 'readonly' | 'readwrite', work: (tx: Tx) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const t = db.transaction(STORES, mode);
        let result: T;
        t.oncomplete = () => resolve(result);
        t.onabort = () => reject(t.error || new Error('IndexedDB transaction aborted'));
        const tx: Tx = {
          get: (store, key) => request(t.objectStore(store).get(key)),
          range: (store, lower, upper, limit) => request(t.objectStore(store).getAll(IDBKeyRange.bound(lower, upper), limit)),
          keys: (store, lower, upper) => request(t.objectStore(store).getAllKeys(IDBKeyRange.bound(lower, upper))) as Promise<DbKey[]>,
          put: (store, key, value) => request(t.objectStore(store).put(value, key)).then(() => undefined),
          delete: (store, key) => request(t.objectStore(store).delete(key)).then(() => undefined),
        };
        work(tx).then(
          (value) => {
            result = value;
            // Commit now rather than when the event loop notices: a page being hidden may not get that far.
            try {
              t.commit?.();
            } catch {
              // Already committing.
            }
          },
          (error) => {
            try {
              t.abort();
            } catch {
              // Already finished; the error below is the one worth reporting.
            }
            reject(error);
          },
        );
      });
    },
  };
}

export function openIndexedDb(factory: IDBFactory): Promise<Db> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('IndexedDB did not open')), OPEN_TIMEOUT_MS);
    const open = factory.open(DB_NAME, DB_VERSION);
    open.onupgradeneeded = () => {
      for (const name of STORES) if (!open.result.objectStoreNames.contains(name)) open.result.createObjectStore(name);
    };
    open.onsuccess = () => {
      clearTimeout(timer);
      resolve(indexedDbOf(open.result));
    };
    open.onerror = () => {
      clearTimeout(timer);
      reject(open.error);
    };
  });
}

/** IndexedDB's key order: numbers, then strings, then arrays (element by element). */
export function compareKeys(a: DbKey, b: DbKey): number {
  const rank = (k: DbKey) => (Array.isArray(k) ? 2 : typeof k === 'string' ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareKeys(a[i], b[i]);
      if (c) return c;
    }
    return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const copy = <T>(value: T): T => (typeof structuredClone === 'function' ? structuredClone(value) : value);

/** The stand-in: same semantics (copies in and out, key order, one transaction at a time), no persistence. */
export function memoryDb(): Db {
  const stores: Record<StoreName, Map<string, { key: DbKey; value: unknown }>> = { replays: new Map(), batches: new Map() };
  const within = (store: StoreName, lower: DbKey, upper: DbKey) =>
    [...stores[store].values()]
      .filter((entry) => compareKeys(entry.key, lower) >= 0 && compareKeys(entry.key, upper) <= 0)
      .sort((x, y) => compareKeys(x.key, y.key));
  const tx: Tx = {
    get: async (store, key) => copy(stores[store].get(JSON.stringify(key))?.value) as never,
    range: async (store, lower, upper, limit) => within(store, lower, upper).slice(0, limit ?? Infinity).map((e) => copy(e.value)) as never,
    keys: async (store, lower, upper) => within(store, lower, upper).map((e) => e.key),
    put: async (store, key, value) => void stores[store].set(JSON.stringify(key), { key, value: copy(value) }),
    delete: async (store, key) => void stores[store].delete(JSON.stringify(key)),
  };
  // Transactions never interleave, as IndexedDB's readwrite transactions over the same stores do not.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    persistent: false,
    run<T>(_mode: 'readonly' | 'readwrite', work: (tx: Tx) => Promise<T>): Promise<T> {
      const next = queue.then(() => work(tx));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

let opened: Promise<Db> | null = null;

/** The page's database, opened once: IndexedDB, or memory where IndexedDB cannot be used. */
export function openDb(): Promise<Db> {
  if (!opened) {
    let factory: IDBFactory | undefined;
    try {
      factory = typeof indexedDB !== 'undefined' ? indexedDB : undefined;
    } catch {
      // Reading indexedDB itself throws where storage is blocked.
    }
    opened = (factory ? openIndexedDb(factory) : Promise.reject(new Error('no IndexedDB'))).catch(() => memoryDb());
  }
  return opened;
}

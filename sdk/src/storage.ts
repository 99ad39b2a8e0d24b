// Storage that never throws. Browsers refuse storage in many ordinary situations (private modes, full
// quotas, sandboxed iframes, cookies blocked); the SDK must degrade to memory, never break the page.

export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): boolean;
  remove(key: string): void;
}

function webStorage(pick: () => Storage): KeyValueStore | null {
  try {
    const storage = pick();
    const probe = '__hs_probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return {
      get: (key) => {
        try {
          return storage.getItem(key);
        } catch {
          return null;
        }
      },
      set: (key, value) => {
        try {
          storage.setItem(key, value);
          return true;
        } catch {
          return false;
        }
      },
      remove: (key) => {
        try {
          storage.removeItem(key);
        } catch {
          // Nothing to do: the entry stays, and readers treat stale entries as such.
        }
      },
    };
  } catch {
    return null;
  }
}

/** localStorage, or null where it cannot be used. */
export const localStore = (): KeyValueStore | null => webStorage(() => window.localStorage);

/** sessionStorage (per tab, survives reloads and same-tab navigations), or null. */
export const sessionStore = (): KeyValueStore | null => webStorage(() => window.sessionStorage);

const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** First-party cookies on the current host, for `persistence: 'cookie'`. */
export function cookieStore(): KeyValueStore {
  return {
    get(key) {
      try {
        const prefix = encodeURIComponent(key) + '=';
        for (const part of document.cookie.split(';')) {
          const item = part.trim();
          if (item.indexOf(prefix) === 0) return decodeURIComponent(item.slice(prefix.length));
        }
      } catch {
        // Cookies blocked: behave as if empty.
      }
      return null;
    },
    set(key, value) {
      try {
        const secure = location.protocol === 'https:' ? '; secure' : '';
        document.cookie =
          `${encodeURIComponent(key)}=${encodeURIComponent(value)}; max-age=${YEAR_SECONDS}; path=/; SameSite=Lax${secure}`;
        return true;
      } catch {
        return false;
      }
    },
    remove(key) {
      try {
        document.cookie = `${encodeURIComponent(key)}=; max-age=0; path=/; SameSite=Lax`;
      } catch {
        // Cookies blocked: nothing was stored.
      }
    },
  };
}

/** A store that lives as long as the page: the fallback when the browser gives us nothing else. */
export function memoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    get: (key) => values.get(key) ?? null,
    set: (key, value) => (values.set(key, value), true),
    remove: (key) => void values.delete(key),
  };
}

export function readJson<T>(store: KeyValueStore | null, key: string): T | null {
  const raw = store?.get(key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function writeJson(store: KeyValueStore | null, key: string, value: unknown): boolean {
  return !!store && store.set(key, JSON.stringify(value));
}

// The two database backends every storage test runs against: IndexedDB (fake-indexeddb, a full
// implementation of the standard, so transactions and key ranges behave as in a browser) and the
// in-memory stand-in the SDK falls back to where IndexedDB is unavailable.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { memoryDb, openIndexedDb, type Db } from '../src/idb';

export const backends: Array<[string, () => Promise<Db>]> = [
  ['IndexedDB', () => openIndexedDb(new IDBFactory())],
  ['memory', async () => memoryDb()],
];

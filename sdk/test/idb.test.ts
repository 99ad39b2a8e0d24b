import { describe, expect, it } from 'vitest';
import { compareKeys, memoryDb, openDb } from '../src/idb';

describe('the SDK database', () => {
  it('falls back to memory where IndexedDB is unavailable (here: jsdom has none)', async () => {
    const db = await openDb();
    expect(db.persistent).toBe(false);
    await db.run('readwrite', (tx) => tx.put('replays', 'k', { a: 1 }));
    expect(await db.run('readonly', (tx) => tx.get('replays', 'k'))).toEqual({ a: 1 });
  });

  it('orders keys as IndexedDB does: numbers, strings, then arrays element by element', () => {
    const keys = [['a', 2], 'b', ['a', 1.5], 3, ['a', -Infinity], 'a', ['b', 0]];
    expect([...keys].sort(compareKeys)).toEqual([3, 'a', 'b', ['a', -Infinity], ['a', 1.5], ['a', 2], ['b', 0]]);
  });

  it('keeps copies, not the caller’s objects, as IndexedDB does', async () => {
    const db = memoryDb();
    const value = { n: 1 };
    await db.run('readwrite', (tx) => tx.put('batches', ['k', 0], value));
    value.n = 2;
    expect(await db.run('readonly', (tx) => tx.get('batches', ['k', 0]))).toEqual({ n: 1 });
  });

  it('runs one transaction at a time, so a read-modify-write is never interleaved', async () => {
    const db = memoryDb();
    await db.run('readwrite', (tx) => tx.put('replays', 'n', 0));
    const increment = () =>
      db.run('readwrite', async (tx) => {
        const n = (await tx.get<number>('replays', 'n'))!;
        await Promise.resolve();
        await tx.put('replays', 'n', n + 1);
      });
    await Promise.all([increment(), increment(), increment()]);
    expect(await db.run('readonly', (tx) => tx.get('replays', 'n'))).toBe(3);
  });
});

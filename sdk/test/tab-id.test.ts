import { beforeEach, describe, expect, it } from 'vitest';
import { sessionStore } from '../src/storage';
import { TabId } from '../src/tab-id';

describe('the tab id', () => {
  beforeEach(() => sessionStorage.clear());
  const page = () => new TabId(sessionStore(), 'hindsight', 'tok');

  it('stays the same across reloads and navigations of the tab (the page lets go at page hide)', () => {
    const first = page();
    first.release();
    const second = page();
    expect(second.id).toBe(first.id);
  });

  it('is new in a duplicated tab, whose storage the browser copied from a live page', () => {
    const original = page();
    const duplicate = page(); // the original page still holds the mark
    expect(duplicate.id).not.toBe(original.id);
    duplicate.release();
    expect(page().id).toBe(duplicate.id); // and the duplicate keeps its own id across its reloads
  });

  it('is new in a new tab', () => {
    const first = page().id;
    sessionStorage.clear();
    expect(page().id).not.toBe(first);
  });

  it('is separate for each instance and project', () => {
    const a = new TabId(sessionStore(), 'hindsight', 'tok');
    const b = new TabId(sessionStore(), 'second', 'tok');
    expect(a.id).not.toBe(b.id);
  });

  it('still gives an id where sessionStorage is unavailable', () => {
    expect(new TabId(null, 'hindsight', 'tok').id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

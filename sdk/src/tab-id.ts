// The tab's id, in sessionStorage: it lives as long as the tab (reloads, same-tab navigations, a closed
// tab reopened), which is the life of a replay. Browsers copy sessionStorage into a duplicated tab or a
// window.open() popup; a mark held by the live page tells such a copy from a reload, and the copy takes a
// new id, so a new tab is always a new replay.
import { uuid } from './ids';
import { pageKey, tabKey } from './recording-keys';
import type { KeyValueStore } from './storage';

export class TabId {
  readonly id: string;
  private readonly markKey: string;
  private readonly pageId = uuid();

  constructor(
    private readonly store: KeyValueStore | null,
    name: string,
    token: string,
  ) {
    const key = tabKey(name, token);
    this.markKey = pageKey(name, token);
    // The mark is released at page hide: still held means another live page of this tab owns the copy.
    const copied = !!store?.get(this.markKey);
    let id = copied ? null : store?.get(key);
    if (!id) {
      id = uuid();
      store?.set(key, id);
    }
    this.id = id;
    this.claim();
  }

  /** Marks this page as the tab's live page (again, after a back/forward cache restore). */
  claim(): void {
    this.store?.set(this.markKey, this.pageId);
  }

  /** Page hide of a reload or navigation: the next page of this tab may keep the id. */
  release(): void {
    if (this.store?.get(this.markKey) === this.pageId) this.store.remove(this.markKey);
  }
}

// Whether the page is leaving for another page of the same site, from the Navigation API's navigate event
// (Chromium-based browsers; elsewhere nothing is announced and page hide treats every exit alike).
// A link, a form, location.assign, a reload or back/forward to a page of the same origin counts; one the
// page handles itself (same-document), a download, or a page elsewhere does not.

interface NavigateEventLike extends Event {
  destination?: { url?: string; sameDocument?: boolean };
  downloadRequest?: string | null;
}

/** Calls `onLeaving` when a navigation to another document of this origin starts. */
export function watchSiteNavigation(onLeaving: () => void): void {
  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  navigation?.addEventListener?.('navigate', (event) => {
    const { destination, downloadRequest } = event as NavigateEventLike;
    if (!destination?.url || destination.sameDocument || downloadRequest) return;
    try {
      if (new URL(destination.url, location.href).origin === location.origin) onLeaving();
    } catch {
      // Not a URL this page can judge: treated as leaving the site.
    }
  });
}

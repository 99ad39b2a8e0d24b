// mixpanel-browser 2.83's dead click: a click on something that may be interactive after which the page
// does not change within 500 ms — no DOM mutation (children, text, or the style, class, hidden, checked,
// selected, value, display and visibility attributes), no change, input, submit, select or toggle event,
// no hash change, no scroll end and no selection change — counting changes from 100 ms before the click.
// Clicks on plain text containers (div, p, span, h1…, article, section with nothing interactive about them
// or within 5 ancestors) and on head-ish tags are never dead clicks: nothing was expected of them.
export const DEAD_CLICK_TIMEOUT_MS = 500;
/** A change this long before the click still counts (the click is noted after the page may have reacted). */
const CHANGE_TOLERANCE_MS = 100;
const CHANGE_EVENTS = ['change', 'input', 'submit', 'select', 'toggle', 'selectionchange'];
const WINDOW_CHANGE_EVENTS = ['hashchange', 'scrollend'];
const MUTATIONS: MutationObserverInit = {
  characterData: true,
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ['style', 'class', 'hidden', 'checked', 'selected', 'value', 'display', 'visibility'],
};

const NEVER_INTERACTIVE = /^(base|head|html|link|meta|script|style|title|br|hr|wbr|noscript|picture|source|template|track)$/;
const TEXT_CONTAINERS = /^(article|div|h[1-6]|p|section|span)$/;
const INTERACTIVE_TAGS = /^(button|input|select|textarea|details|dialog)$/;
const INTERACTIVE_ROLES = new Set(('button checkbox combobox grid link listbox menu menubar menuitem menuitemcheckbox menuitemradio ' +
  'navigation option radio radiogroup searchbox slider spinbutton switch tab tablist textbox tree treegrid treeitem').split(' '));
const HANDLERS = ['onclick', 'onmousedown', 'onmouseup', 'onpointerdown', 'onpointerup', 'ontouchend', 'ontouchstart'];

function looksInteractive(el: Element): boolean {
  const tag = el.tagName.toLowerCase();
  const html = el as HTMLElement;
  return INTERACTIVE_TAGS.test(tag) || html.isContentEditable ||
    !!(html.onclick || html.onmousedown || html.onmouseup || html.ontouchstart || html.ontouchend) ||
    HANDLERS.some((name) => el.hasAttribute(name)) ||
    INTERACTIVE_ROLES.has((el.getAttribute('role') || '').trim().split(/\s+/)[0].toLowerCase()) ||
    (tag === 'a' && el.hasAttribute('href')) || el.hasAttribute('tabindex');
}

/** mixpanel's isDefinitelyNonInteractive: such a click cannot be dead. */
export function definitelyNonInteractive(el: Element | null): boolean {
  if (!el || !el.tagName) return true;
  const tag = el.tagName.toLowerCase();
  if (NEVER_INTERACTIVE.test(tag)) return true;
  if (looksInteractive(el)) return false;
  let parent = el.parentElement;
  for (let depth = 0; parent && depth < 5; depth++, parent = parent.parentElement) {
    if (looksInteractive(parent)) return false;
    const host = (parent.getRootNode() as ShadowRoot).host;
    if (host && looksInteractive(host)) return false;
  }
  return TEXT_CONTAINERS.test(tag);
}

interface Pending {
  event: MouseEvent;
  at: number;
}

/** Watches the page from start() to the returned stop; `onDead` gets each dead click's event. */
export class DeadClickDetector {
  private lastChange = 0;
  private pending: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly onDead: (event: MouseEvent) => void) {}

  start(): () => void {
    const changed = () => (this.lastChange = Date.now());
    const observer = new MutationObserver(changed);
    observer.observe(document.body || document.documentElement, MUTATIONS);
    for (const name of CHANGE_EVENTS) document.addEventListener(name, changed, { capture: true, passive: true });
    for (const name of WINDOW_CHANGE_EVENTS) addEventListener(name, changed, { passive: true });
    return () => {
      observer.disconnect();
      for (const name of CHANGE_EVENTS) document.removeEventListener(name, changed, { capture: true });
      for (const name of WINDOW_CHANGE_EVENTS) removeEventListener(name, changed);
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      // Recording stopped: a click not yet judged is never reported.
      this.pending = [];
    };
  }

  click(event: MouseEvent): void {
    const target = (event.composedPath?.()[0] || event.target) as Element | null;
    if (definitelyNonInteractive(target)) return;
    this.pending.push({ event, at: Date.now() });
    if (!this.timer) this.schedule();
  }

  /** One judgement every 500 ms while clicks wait, as mixpanel does: a click waits 500 to 1000 ms. */
  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      const now = Date.now();
      const due = this.pending.filter((click) => now - click.at >= DEAD_CLICK_TIMEOUT_MS);
      this.pending = this.pending.filter((click) => !due.includes(click));
      for (const click of due) if (this.lastChange < click.at - CHANGE_TOLERANCE_MS) this.onDead(click.event);
      if (this.pending.length) this.schedule();
    }, DEAD_CLICK_TIMEOUT_MS);
  }
}

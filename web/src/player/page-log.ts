// What the visitor did on the page, read from the recording itself rather than from tracked events, so a
// replay from mixpanel-browser (or one recorded without heatmap data) has it too: each click, with the
// element it landed on, and each page the replay moved to (the Meta events a page load and an SPA
// navigation both record). Collected chunk by chunk, like DevtoolsLog.
import { EventType, IncrementalSource, type RecordedEvent } from '@hindsight/types';
import { MAX_ENTRIES } from './devtools';

export interface ClickEntry {
  key: string;
  ms: number;
  /** The element as a person recognises it: `button#pay "Pay now"` (its recorded, so masked, text). */
  target: string;
}

export interface NavigationEntry {
  key: string;
  ms: number;
  href: string;
}

/** rrweb's serialized node, as far as a description needs it. */
interface SerializedNode {
  type?: number;
  id?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
  textContent?: string;
}

const ELEMENT_NODE = 2;
const TEXT_NODE = 3;
/** rrweb's MouseInteractions.Click. */
const CLICK = 2;
/** Elements remembered for describing clicks: a page that adds nodes for hours must not grow this forever. */
const MAX_INDEXED = 200_000;
const TEXT_CHARS = 40;

/** The text a person reads on an element: its own text nodes and its children's, cut short. */
function visibleText(node: SerializedNode): string {
  let text = '';
  const stack = [node];
  while (stack.length && text.length < TEXT_CHARS) {
    const at = stack.pop()!;
    if (at.type === TEXT_NODE && typeof at.textContent === 'string') text += ` ${at.textContent}`;
    else if (at.tagName !== 'script' && at.tagName !== 'style' && Array.isArray(at.childNodes)) {
      for (let i = at.childNodes.length - 1; i >= 0; i--) stack.push(at.childNodes[i]);
    }
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > TEXT_CHARS ? `${text.slice(0, TEXT_CHARS - 1)}…` : text;
}

export function describeElement(node: SerializedNode | undefined): string {
  if (!node?.tagName) return 'an element';
  const attrs = node.attributes ?? {};
  const str = (name: string) => (typeof attrs[name] === 'string' ? (attrs[name] as string) : '');
  const id = str('id');
  const firstClass = str('class').trim().split(/\s+/)[0];
  const name = `${node.tagName}${id ? `#${id}` : firstClass ? `.${firstClass}` : ''}`;
  const text = str('aria-label') || (node.tagName === 'input' ? str('value') : visibleText(node));
  return text ? `${name} "${text}"` : name;
}

export class PageLog {
  readonly clicks: ClickEntry[] = [];
  readonly navigations: NavigationEntry[] = [];
  private readonly elements = new Map<number, SerializedNode>();
  private lastHref: string | null = null;
  private count = 0;

  /** Takes in one chunk's events (in time order); true when anything was added. */
  add(events: readonly RecordedEvent[], origin: number): boolean {
    let added = false;
    for (const event of events) {
      const data = event.data as Record<string, unknown> | null;
      if (!data || typeof data !== 'object') continue;
      const ms = event.timestamp - origin;
      if (event.type === EventType.Meta) added = this.addNavigation(data.href, ms) || added;
      else if (event.type === EventType.FullSnapshot) {
        // A new page (or the same one again): its node ids start over.
        this.elements.clear();
        this.index(data.node as SerializedNode);
      } else if (event.type === EventType.IncrementalSnapshot) {
        if (data.source === IncrementalSource.Mutation && Array.isArray(data.adds)) {
          for (const add of data.adds as Array<{ node?: SerializedNode }>) this.index(add?.node);
        } else if (data.source === IncrementalSource.MouseInteraction && data.type === CLICK && typeof data.id === 'number') {
          if (this.clicks.length >= MAX_ENTRIES) continue;
          this.clicks.push({ key: `k${this.count++}`, ms, target: describeElement(this.elements.get(data.id)) });
          added = true;
        }
      }
    }
    return added;
  }

  private addNavigation(href: unknown, ms: number): boolean {
    if (typeof href !== 'string' || href === this.lastHref || this.navigations.length >= MAX_ENTRIES) return false;
    this.lastHref = href;
    this.navigations.push({ key: `v${this.count++}`, ms, href });
    return true;
  }

  private index(root: SerializedNode | undefined): void {
    const stack = root ? [root] : [];
    while (stack.length && this.elements.size < MAX_INDEXED) {
      const node = stack.pop()!;
      if (node.type === ELEMENT_NODE && typeof node.id === 'number') this.elements.set(node.id, node);
      if (Array.isArray(node.childNodes)) stack.push(...node.childNodes);
    }
  }
}

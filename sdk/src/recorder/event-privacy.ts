// The check every rrweb event passes before it is batched, stored in IndexedDB or stashed: nothing masked
// or blocked may leave the page, or even rest unmasked in the browser's storage.
//
// rrweb asks masking.ts about text nodes and input values, but not about attributes (placeholder, title,
// alt, aria-label…), text placed directly in a shadow root, input events of radios and checkboxes, or
// content added later under a blocked shadow host or inside a blocked same-origin iframe. Here every
// serialized node is looked up live through rrweb's mirror and the same decisions are applied again, to
// the full snapshot and to every later change alike: text a script sets after the snapshot is masked
// exactly like text that was there from the start. Events are changed in place.
import { EventType, IncrementalSource, type RecordedEvent } from '@hindsight/types';
import { closestElement, composedParent, isElement } from './composed-tree';
import { maskInput, maskText } from './masking';
import { PrivacyDecisions } from './privacy-decisions';
import type { PrivacyRules } from './privacy-rules';

/** rrweb's mirror: a serialized node's id → the live node. */
export interface NodeLookup {
  getNode(id: number): Node | null;
}

/** Attributes that carry text a visitor reads or a screen reader speaks: masked with the element's text. */
export const TEXT_ATTRIBUTES = [
  'placeholder', 'title', 'alt', 'label', 'summary', 'abbr', 'datetime', 'srcdoc',
  'aria-label', 'aria-description', 'aria-placeholder', 'aria-roledescription', 'aria-valuetext',
  'aria-braillelabel', 'aria-brailleroledescription',
];
/** Elements whose value attribute is text: a field's value, a button's label, <data>'s machine-readable text. */
export const VALUE_TAGS = ['input', 'textarea', 'select', 'option', 'button', 'data'];
/** A canvas's picture in a snapshot (rrweb's rr_dataURL with recordCanvas): an encoded image, nothing else. */
const IMAGE_DATA_URL = /^data:image\/(?:webp|png|jpeg);base64,[A-Za-z0-9+/=]*$/;
/** Links that are personal data themselves: the address after the scheme is masked with the link's text. */
const PERSONAL_LINK = /^(\s*(?:mailto|tel|sms|callto):)([\s\S]*)$/i;

// rrweb-snapshot's node types.
const ELEMENT_NODE = 2;
const TEXT_NODE = 3;

interface SerializedNode {
  type: number;
  id: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
  textContent?: string;
}

interface MutationData {
  adds?: Array<{ parentId: number; node: SerializedNode }>;
  texts?: Array<{ id: number; value: string | null }>;
  attributes?: Array<{ id: number; attributes: Record<string, unknown> }>;
}

interface InputData {
  id: number;
  text?: string;
}

/** What a part's sanitiser may ask about the page: the live node behind an id, and whether it is blocked. */
export interface SanitiserContext {
  node(id: number): Node | null;
  /** True for a node inside (or being) a blocked element: nothing of it may be sent. */
  blocked(node: Node | null): boolean;
}

/** The live nodes behind one event's serialized ids, and the run's privacy decisions about them. */
class Decisions implements SanitiserContext {
  constructor(
    private readonly lookup: NodeLookup | undefined,
    readonly privacy: PrivacyDecisions,
  ) {}

  node(id: number): Node | null {
    try {
      return this.lookup?.getNode(id) || null;
    } catch {
      return null;
    }
  }

  element(id: number): Element | null {
    const node = this.node(id);
    return isElement(node) ? node : null;
  }

  blocked(node: Node | null): boolean {
    return !!node && this.privacy.blocked(closestElement(node));
  }
}

function cleanAttributes(tag: string | undefined, attributes: Record<string, unknown>, element: Element | null, d: Decisions): void {
  for (const name of Object.keys(attributes)) {
    const value = attributes[name];
    if (typeof value !== 'string' || !value) continue;
    const lower = name.toLowerCase();
    if (lower === 'rr_dataurl') {
      // Blocked canvases never get here (placeholders keep no attributes); anything but an image goes.
      if (!IMAGE_DATA_URL.test(value)) delete attributes[name];
    } else if (TEXT_ATTRIBUTES.indexOf(lower) >= 0) {
      if (d.privacy.textMasked(element)) attributes[name] = maskText(value);
    } else if (lower === 'value' && (!tag || VALUE_TAGS.indexOf(tag) >= 0)) {
      // A field's value keeps its length only, like rrweb's own input masking; a label keeps its spaces.
      if (d.privacy.textMasked(element)) attributes[name] = element && !d.privacy.fieldOf(element) ? maskText(value) : maskInput(value);
    } else if (lower === 'href' || lower === 'xlink:href') {
      const link = PERSONAL_LINK.exec(value);
      if (link && d.privacy.textMasked(element)) attributes[name] = link[1] + maskText(link[2]);
    }
  }
}

/** Masks a text value unless it is a stylesheet's text, which replays as styles and is never shown. */
function cleanTextValue(value: string, owner: Element | null, ownerTag: string | undefined, d: Decisions): string {
  if (ownerTag === 'style' || !d.privacy.textMasked(owner)) return value;
  return maskText(value);
}

/** rrweb's placeholder for a blocked element: its size, nothing of its content. */
function toPlaceholder(node: SerializedNode, element: Element): void {
  const { width, height } = element.getBoundingClientRect();
  const className = node.attributes?.class;
  node.attributes = { rr_width: `${width}px`, rr_height: `${height}px` };
  if (className !== undefined) node.attributes.class = className;
  node.childNodes = [];
}

function cleanTree(node: SerializedNode, parentTag: string | undefined, d: Decisions): void {
  if (node.type === ELEMENT_NODE) {
    const element = d.element(node.id);
    const isPlaceholder = !!node.attributes && 'rr_width' in node.attributes;
    if (element && !isPlaceholder && d.privacy.blocked(element)) return toPlaceholder(node, element);
    if (node.attributes) cleanAttributes(node.tagName, node.attributes, element, d);
  } else if (node.type === TEXT_NODE && node.textContent) {
    const live = d.node(node.id);
    // A text directly in a shadow root belongs to the host; an unknown text's place is its serialized parent.
    const owner = live ? composedParent(live) : null;
    node.textContent = cleanTextValue(node.textContent, owner, live ? owner?.localName : parentTag, d);
  }
  for (const child of node.childNodes || []) cleanTree(child, node.tagName, d);
}

function cleanMutation(data: MutationData, d: Decisions): void {
  if (data.adds) {
    data.adds = data.adds.filter((add) => {
      const parent = d.node(add.parentId);
      const parentElement = parent ? closestElement(parent) : null;
      // rrweb attaches a blocked iframe's document and a blocked host's later shadow content: drop both.
      if (d.privacy.blocked(parentElement)) return false;
      cleanTree(add.node, isElement(parent) ? parent.localName : undefined, d);
      return true;
    });
  }
  if (data.texts) {
    data.texts = data.texts.filter((text) => {
      const live = d.node(text.id);
      const owner = live ? composedParent(live) : null;
      if (d.privacy.blocked(owner)) return false;
      if (text.value) text.value = cleanTextValue(text.value, owner, owner?.localName, d);
      return true;
    });
  }
  if (data.attributes) {
    data.attributes = data.attributes.filter((change) => {
      const element = d.element(change.id);
      if (d.privacy.blocked(element)) return false;
      cleanAttributes(element?.localName, change.attributes, element, d);
      return true;
    });
  }
}

/** False when the input belongs to a blocked element and the event must not be sent at all. */
function cleanInput(data: InputData, d: Decisions): boolean {
  const element = d.element(data.id);
  if (d.privacy.blocked(element)) return false;
  // Radios and checkboxes carry their value too; rrweb leaves it unmasked.
  if (data.text && d.privacy.inputMasked(element)) data.text = maskInput(data.text);
  return true;
}

/**
 * Makes one kind of event that carries no DOM safe to send (a plugin's payload, a canvas frame), or answers
 * false when the event must be dropped. It may change `event.data` in place.
 */
export type EventSanitiser = (event: RecordedEvent, context: SanitiserContext) => boolean;

/**
 * The sanitisers of the recorder's optional parts, by rrweb plugin name (`rrweb/console@1`) for Plugin
 * events and by `source:<n>` for incremental sources that have no DOM text of their own to check here
 * (a canvas frame: `source:9`). A part registers its sanitiser when it starts; nothing else passes.
 */
export type EventSanitisers = ReadonlyMap<string, EventSanitiser>;

/** Events rrweb emits that hold no text, or whose text is checked above: sent as they are. */
const PLAIN_EVENT_TYPES: number[] = [EventType.DomContentLoaded, EventType.Load, EventType.Meta];
/**
 * Incremental sources that carry only ids, coordinates, sizes and states — or, for stylesheets and fonts,
 * the site's own CSS, which is not the visitor's data (see README "Privacy"). Mutations and inputs are
 * cleaned above; every other source (canvas, the deprecated log source, anything a later rrweb adds) is
 * dropped unless a part registered a sanitiser for it.
 */
const PLAIN_SOURCES: number[] = [
  IncrementalSource.MouseMove, IncrementalSource.MouseInteraction, IncrementalSource.Scroll,
  IncrementalSource.ViewportResize, IncrementalSource.TouchMove, IncrementalSource.MediaInteraction,
  IncrementalSource.StyleSheetRule, IncrementalSource.Font, IncrementalSource.Drag,
  IncrementalSource.StyleDeclaration, IncrementalSource.Selection, IncrementalSource.AdoptedStyleSheet,
  IncrementalSource.CustomElement,
];

/** Deny by default: true when the event may be sent (after any change made to it in place). */
function cleanEvent(event: RecordedEvent, d: Decisions, sanitisers: EventSanitisers): boolean {
  switch (event.type) {
    case EventType.FullSnapshot: {
      const node = (event.data as { node?: SerializedNode } | null)?.node;
      if (!node) return false;
      cleanTree(node, undefined, d);
      return true;
    }
    case EventType.IncrementalSnapshot: {
      const source = (event.data as { source?: number } | null)?.source;
      if (source === IncrementalSource.Mutation) {
        cleanMutation(event.data as MutationData, d);
        return true;
      }
      if (source === IncrementalSource.Input) return cleanInput(event.data as InputData, d);
      if (typeof source === 'number' && PLAIN_SOURCES.indexOf(source) >= 0) return true;
      const sanitise = sanitisers.get(`source:${source}`);
      return sanitise ? sanitise(event, d) : false;
    }
    case EventType.Plugin: {
      const plugin = (event.data as { plugin?: unknown } | null)?.plugin;
      const sanitise = typeof plugin === 'string' ? sanitisers.get(plugin) : undefined;
      return sanitise ? sanitise(event, d) : false;
    }
    default:
      // Custom events (rrweb's addCustomEvent) carry whatever a caller put in them; the SDK makes none.
      return PLAIN_EVENT_TYPES.indexOf(event.type) >= 0;
  }
}

/**
 * A function that makes each rrweb event safe to send, or answers null when the event must be dropped.
 * `lookup` is rrweb's mirror (record.mirror); without it every text is masked. `privacy` is shared with
 * rrweb's options (masking.ts), so what rrweb decided while serializing is not decided again; its answers
 * are forgotten once each event is checked. An event of a kind nothing here or in `sanitisers` knows is
 * dropped: a new kind of captured data reaches the server only once its sanitiser exists.
 */
export function privacyFilter(
  rules: PrivacyRules, lookup: NodeLookup | undefined, privacy = new PrivacyDecisions(rules),
  sanitisers: EventSanitisers = new Map(),
): (event: RecordedEvent) => RecordedEvent | null {
  return (event) => {
    const d = new Decisions(lookup, privacy);
    try {
      return cleanEvent(event, d, sanitisers) ? event : null;
    } catch {
      // An event that could not be checked is not sent: a gap in the replay rather than a leak.
      return null;
    } finally {
      privacy.forget();
    }
  };
}

// Privacy in the browser: what to mask and block, decided per element. What is masked here never
// leaves the page; the server never has the original.
//
// The shape follows mixpanel-browser: rrweb is asked to consult us about every text node
// (maskTextSelector '*') and every input value (maskInputOptions), and shouldMaskText / shouldMaskInput
// decide. event-privacy.ts applies the same two decisions again to every event rrweb emits, for what
// rrweb does not ask about (attributes, text directly in a shadow root, blocked iframes' content).
//
// Textareas, selects (with their options), datalists and contenteditable regions are fields: the text
// inside them is their value, so it follows the input rules, also when text is recorded in the clear.
import type { record } from '@rrweb/record';
import { closestHasClass, closestMatches, composedParent, hasClass, matches, someAncestor } from './composed-tree';
import { COMMON_MASK_CLASS, type PrivacyRules } from './privacy-rules';
import { isAlwaysMasked } from './sensitive-fields';

type RecordOptions = NonNullable<Parameters<typeof record>[0]>;

/** Inputs that are buttons: their value is the label the page shows, not something a visitor typed. */
const BUTTON_TYPES = ['submit', 'button', 'reset', 'image'];
/** Elements whose text is a field's value. Options and optgroups belong to their select or datalist. */
const FIELD_TAGS = ['textarea', 'select', 'datalist'];

export function isButtonInput(element: Element): boolean {
  return element.localName === 'input' && BUTTON_TYPES.indexOf((element.getAttribute('type') || '').toLowerCase()) >= 0;
}

/** Editing starts at an element with contenteditable (an island set to "false" stays part of its editor). */
function isEditableRoot(element: Element): boolean {
  const editable = element.getAttribute('contenteditable');
  return editable !== null && editable.toLowerCase() !== 'false';
}

/**
 * The field whose value the element's text is: the element itself when it is an input, or the nearest
 * textarea, select, datalist or contenteditable region holding it. Null for ordinary page text.
 */
export function fieldOf(element: Element): Element | null {
  if (element.ownerDocument?.designMode?.toLowerCase() === 'on') return element.ownerDocument.documentElement;
  if (element.localName === 'input') return isButtonInput(element) ? null : element;
  let orphanOption: Element | null = null;
  for (let node: Element | null = element; node; node = composedParent(node)) {
    const tag = node.localName;
    if (FIELD_TAGS.indexOf(tag) >= 0 || isEditableRoot(node)) return node;
    if (!orphanOption && (tag === 'option' || tag === 'optgroup')) orphanOption = node;
  }
  return orphanOption;
}

/** Marked private by the site: a mask class, or record_mask_text_selector. Masks text and inputs alike. */
function markedPrivate(element: Element, rules: PrivacyRules): boolean {
  return closestHasClass(element, COMMON_MASK_CLASS) || closestHasClass(element, rules.text.maskClass) ||
    closestMatches(element, rules.text.maskSelector);
}

function pageTextMasked(element: Element, rules: PrivacyRules): boolean {
  if (markedPrivate(element, rules)) return true;
  return rules.text.maskAll ? !closestMatches(element, rules.text.unmaskSelector) : false;
}

/**
 * Whether the text inside `element` — and its text-bearing attributes — must be masked. Text inside a
 * field follows the input rules. Text without an element is masked, to be safe.
 */
export function shouldMaskText(element: Element | null, rules: PrivacyRules): boolean {
  if (!element) return true;
  const field = fieldOf(element);
  return field ? shouldMaskInput(field, rules) : pageTextMasked(element, rules);
}

/**
 * Whether the value of this field must be masked. Always-masked fields and fields marked private win
 * over every unmask option; a button's value is its label and follows the text rules.
 */
export function shouldMaskInput(element: Element | null, rules: PrivacyRules): boolean {
  if (!element) return true;
  if (isButtonInput(element)) return pageTextMasked(element, rules);
  if (isAlwaysMasked(element)) return true;
  if (markedPrivate(element, rules) || closestMatches(element, rules.input.maskSelector)) return true;
  return rules.input.maskAll ? !closestMatches(element, rules.input.unmaskSelector) : false;
}

/** Whether the element itself carries a block class or matches the block selector. */
export function blocksItself(element: Element, rules: PrivacyRules): boolean {
  return hasClass(element, rules.blockClass) || (!!rules.blockSelector && matches(element, rules.blockSelector));
}

/** Whether the element is blocked: it or a composed ancestor (across shadow roots and frames) blocks itself. */
export function isBlocked(element: Element | null, rules: PrivacyRules): boolean {
  return someAncestor(element, (node) => blocksItself(node, rules));
}

/**
 * One asterisk per visible character; whitespace is kept so masked text wraps like the original and
 * the replay keeps the page's layout. Nothing but the shape of the text is recorded.
 */
export function maskText(text: string): string {
  return text.replace(/\S/g, '*');
}

/** Masked input values keep their length only: no spaces, so no word boundaries either. */
export function maskInput(value: string): string {
  return '*'.repeat(value.length);
}

/**
 * shouldMaskText, remembered for one synchronous run: rrweb asks about every text node while it
 * serializes a snapshot or a batch of mutations, and the privacy filter (event-privacy.ts) asks about
 * the same elements again when that event comes out, still in the same run. Forgotten at the next
 * microtask, so a later change to the page (a class added, an attribute set) is always seen.
 */
export function textDecisions(rules: PrivacyRules): (element: Element) => boolean {
  let remembered: Map<Element, boolean> | null = null;
  return (element) => {
    if (!remembered) {
      remembered = new Map();
      queueMicrotask(() => (remembered = null));
    }
    let masked = remembered.get(element);
    if (masked === undefined) remembered.set(element, (masked = shouldMaskText(element, rules)));
    return masked;
  };
}

/**
 * rrweb's options for these rules: masking, blocking, and nothing captured that was not asked for.
 * `textMasked` is shared with the privacy filter, so each element is decided once per run.
 */
export function rrwebPrivacyOptions(rules: PrivacyRules, textMasked = textDecisions(rules)): Partial<RecordOptions> {
  return {
    blockClass: rules.blockClass,
    blockSelector: rules.blockSelector,
    maskTextSelector: '*',
    // rrweb passes no element for text placed directly in a shadow root; event-privacy.ts, which runs on
    // every event before it is queued, finds its host through the mirror and decides for it.
    maskTextFn: (text, element) => (element && textMasked(element) ? maskText(text) : text),
    // Keyed by tag name, so every input type (hidden and file included), textarea and select reaches
    // maskInputFn; rrweb's own list of types leaves some out.
    maskInputOptions: { input: true, textarea: true, select: true } as RecordOptions['maskInputOptions'],
    maskInputFn: (value, element) => (shouldMaskInput(element, rules) ? maskInput(value) : value),
    // Scripts, comments and head metadata (descriptions, social tags) are dropped from the snapshot:
    // they never render in a replay, and their text is not masked.
    slimDOMOptions: 'all',
    recordCanvas: false,
    inlineImages: false,
    collectFonts: false,
    recordCrossOriginIframes: false,
  };
}

// The privacy rules' answers for each element — is its text masked, its field's value, is it blocked —
// each derived from its composed parent's answers instead of walking to the root again, and remembered
// for one run.
//
// A run is rrweb serializing a snapshot or a batch of mutations, plus the privacy filter checking the
// event that comes out of it (event-privacy.ts calls forget() when it is done): rrweb asks about every
// node, the filter about the same nodes again, and no page script runs in between, so the page cannot
// change under the answers. Every answer is also forgotten at the next microtask, whichever comes first:
// a later change to the page (a class added, an attribute set, a node moved) is always seen. What is
// remembered is only what ancestors pass down (classes, selectors, the enclosing field); a field's own
// attributes are read each time, because rrweb itself changes them within a run (data-rr-is-password).
//
// Textareas, selects (with their options), datalists and contenteditable regions are fields: the text
// inside them is their value, so it follows the input rules, also when text is recorded in the clear.
import { composedParent, hasClass, matches } from './composed-tree';
import { COMMON_MASK_CLASS, type PrivacyRules } from './privacy-rules';
import { isAlwaysMasked } from './sensitive-fields';

/** Inputs that are buttons: their value is the label the page shows, not something a visitor typed. */
const BUTTON_TYPES = ['submit', 'button', 'reset', 'image'];
/** Elements whose text is a field's value. Options and optgroups belong to their select or datalist. */
const FIELD_TAGS = ['textarea', 'select', 'datalist'];

// What an element inherits: each bit is set when the element or a composed ancestor says so.
/** A mask class (the common ones or record_mask_text_class) or record_mask_text_selector. */
const MARKED_PRIVATE = 1;
const TEXT_UNMASK_SELECTOR = 2;
const INPUT_MASK_SELECTOR = 4;
const INPUT_UNMASK_SELECTOR = 8;
/** A block class or record_block_selector. */
const BLOCKED = 16;

interface Lineage {
  flags: number;
  /** The nearest textarea, select, datalist or contenteditable region, the element itself included. */
  field: Element | null;
  /** The nearest option or optgroup: outside any select it is still a field's text. */
  option: Element | null;
}

export function isButtonInput(element: Element): boolean {
  return element.localName === 'input' && BUTTON_TYPES.indexOf((element.getAttribute('type') || '').toLowerCase()) >= 0;
}

/** Editing starts at an element with contenteditable (an island set to "false" stays part of its editor). */
function isEditableRoot(element: Element): boolean {
  const editable = element.getAttribute('contenteditable');
  return editable !== null && editable.toLowerCase() !== 'false';
}

/** Whether the element itself carries a block class or matches the block selector. */
export function blocksItself(element: Element, rules: PrivacyRules): boolean {
  return hasClass(element, rules.blockClass) || (!!rules.blockSelector && matches(element, rules.blockSelector));
}

/** What the rules say about the element itself, added to what it inherits from its parent. */
function lineageOf(element: Element, parent: Lineage | undefined, rules: PrivacyRules): Lineage {
  const { text, input } = rules;
  let flags = parent ? parent.flags : 0;
  // A bit an ancestor set holds for every descendant: the element's own check is skipped.
  if (!(flags & MARKED_PRIVATE) && (hasClass(element, COMMON_MASK_CLASS) ||
    (!!text.maskClass && hasClass(element, text.maskClass)) || (!!text.maskSelector && matches(element, text.maskSelector)))) {
    flags |= MARKED_PRIVATE;
  }
  if (!(flags & TEXT_UNMASK_SELECTOR) && text.unmaskSelector && matches(element, text.unmaskSelector)) flags |= TEXT_UNMASK_SELECTOR;
  if (!(flags & INPUT_MASK_SELECTOR) && input.maskSelector && matches(element, input.maskSelector)) flags |= INPUT_MASK_SELECTOR;
  if (!(flags & INPUT_UNMASK_SELECTOR) && input.unmaskSelector && matches(element, input.unmaskSelector)) flags |= INPUT_UNMASK_SELECTOR;
  if (!(flags & BLOCKED) && blocksItself(element, rules)) flags |= BLOCKED;
  const tag = element.localName;
  return {
    flags,
    field: FIELD_TAGS.indexOf(tag) >= 0 || isEditableRoot(element) ? element : parent ? parent.field : null,
    option: tag === 'option' || tag === 'optgroup' ? element : parent ? parent.option : null,
  };
}

export class PrivacyDecisions {
  private lineages: Map<Element, Lineage> | null = null;

  constructor(readonly rules: PrivacyRules) {}

  /** Forgets every answer: the next question looks at the page again. */
  forget(): void {
    this.lineages = null;
  }

  /**
   * The field whose value the element's text is: the element itself when it is an input, or the nearest
   * textarea, select, datalist or contenteditable region holding it. Null for ordinary page text.
   */
  fieldOf(element: Element): Element | null {
    if (element.ownerDocument?.designMode?.toLowerCase() === 'on') return element.ownerDocument.documentElement;
    if (element.localName === 'input') return isButtonInput(element) ? null : element;
    const lineage = this.lineage(element);
    return lineage.field || lineage.option;
  }

  /**
   * Whether the text inside `element` — and its text-bearing attributes — must be masked. Text inside a
   * field follows the input rules. Text without an element is masked, to be safe.
   */
  textMasked(element: Element | null): boolean {
    if (!element) return true;
    const field = this.fieldOf(element);
    return field ? this.inputMasked(field) : this.pageTextMasked(this.lineage(element).flags);
  }

  /**
   * Whether the value of this field must be masked. Always-masked fields and fields marked private win
   * over every unmask option; a button's value is its label and follows the text rules.
   */
  inputMasked(element: Element | null): boolean {
    if (!element) return true;
    const { flags } = this.lineage(element);
    if (isButtonInput(element)) return this.pageTextMasked(flags);
    // The field's own attributes are read every time, never remembered: within a run rrweb itself marks
    // a password field a script turned into a text field (data-rr-is-password).
    return (flags & (MARKED_PRIVATE | INPUT_MASK_SELECTOR)) !== 0 ||
      (this.rules.input.maskAll && !(flags & INPUT_UNMASK_SELECTOR)) || isAlwaysMasked(element);
  }

  /** Whether the element or a composed ancestor (across shadow roots and frames) blocks itself. */
  blocked(element: Element | null): boolean {
    return !!element && (this.lineage(element).flags & BLOCKED) !== 0;
  }

  private pageTextMasked(flags: number): boolean {
    if (flags & MARKED_PRIVATE) return true;
    return this.rules.text.maskAll && !(flags & TEXT_UNMASK_SELECTOR);
  }

  /** The element's lineage: ancestors are climbed only up to the nearest one already answered in this run. */
  private lineage(element: Element): Lineage {
    let lineages = this.lineages;
    if (!lineages) {
      const fresh = (lineages = this.lineages = new Map());
      queueMicrotask(() => {
        if (this.lineages === fresh) this.lineages = null;
      });
    }
    const known = lineages.get(element);
    if (known) return known;
    const unanswered: Element[] = [];
    let above: Lineage | undefined;
    for (let node: Element | null = element; node; node = composedParent(node)) {
      above = lineages.get(node);
      if (above) break;
      unanswered.push(node);
    }
    for (let i = unanswered.length - 1; i >= 0; i--) {
      above = lineageOf(unanswered[i], above, this.rules);
      lineages.set(unanswered[i], above);
    }
    return above!;
  }
}

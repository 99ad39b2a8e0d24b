// Privacy in the browser: the site's record_* options translated into rrweb's recording options. What is
// masked here never leaves the page; the server never has the original.
//
// The shape follows mixpanel-browser: rrweb is asked to consult us about every text node
// (maskTextSelector '*') and every input (maskAllInputs), and shouldMaskText / shouldMaskInput decide.
// New controls (mask and unmask selectors, attribute masking, shadow DOM rules) grow PrivacyRules and
// these two functions without touching the recorder.
import type { record } from '@rrweb/record';
import type { Config } from '../config';

type RecordOptions = NonNullable<Parameters<typeof record>[0]>;

export interface PrivacyRules {
  text: {
    maskAll: boolean;
    /** Elements with a matching class (on them or an ancestor) are masked even when maskAll is off. */
    maskClass: string | RegExp | null;
  };
  input: {
    maskAll: boolean;
  };
  blockClass: string | RegExp;
  blockSelector: string | undefined;
}

/** Class names every replay tool honours for "mask this", whatever record_mask_text_class says. */
const COMMON_MASK_CLASS = /^(mp-mask|fs-mask|amp-mask|rr-mask|ph-mask)$/;

/** Inputs masked whatever the options say: their values are secrets or personal data by nature. */
const ALWAYS_MASKED_TYPES = ['password', 'email', 'tel', 'hidden'];
/** Field names that announce card numbers, security codes, passwords and national ids. */
const SENSITIVE_NAME = /^cc|cardnum|ccnum|creditcard|csc|cvc|cvv|exp|pass|pwd|routing|seccode|securitycode|securitynum|socialsec|socsec|ssn/i;

export function privacyRules(config: Config): PrivacyRules {
  return {
    text: {
      maskAll: config.record_mask_all_text !== false,
      maskClass: config.record_mask_text_class || null,
    },
    input: { maskAll: config.record_mask_all_inputs !== false },
    blockClass: config.record_block_class || 'rr-block',
    // An empty selector means "block nothing extra", which rrweb spells undefined.
    blockSelector: config.record_block_selector || undefined,
  };
}

function classMatches(element: Element, test: string | RegExp): boolean {
  const classes = element.classList;
  if (!classes) return false;
  for (let i = 0; i < classes.length; i++) {
    // search() ignores a global regex's lastIndex, so a /g pattern from a site behaves like any other.
    if (typeof test === 'string' ? classes[i] === test : classes[i].search(test) >= 0) return true;
  }
  return false;
}

/** True when the element or one of its ancestors carries a class matching `test`. */
export function inClassTree(element: Element | null, test: string | RegExp | null): boolean {
  if (!test) return false;
  for (let node = element; node; node = node.parentElement) if (classMatches(node, test)) return true;
  return false;
}

/** Whether the text inside `element` must be masked. Text without an element is masked to be safe. */
export function shouldMaskText(element: Element | null, rules: PrivacyRules): boolean {
  if (rules.text.maskAll || !element) return true;
  return inClassTree(element, rules.text.maskClass) || inClassTree(element, COMMON_MASK_CLASS);
}

/** Whether the value of this input, textarea or select must be masked. */
export function shouldMaskInput(element: Element | null, rules: PrivacyRules): boolean {
  if (rules.input.maskAll || !element) return true;
  const type = (element.getAttribute('type') || '').toLowerCase();
  if (ALWAYS_MASKED_TYPES.indexOf(type) >= 0) return true;
  // Autofill hints (cc-number, street-address, email…) say the browser itself treats it as personal.
  const autocomplete = (element.getAttribute('autocomplete') || '').toLowerCase();
  if (autocomplete && autocomplete !== 'off') return true;
  if (element.hasAttribute('data-rr-is-password')) return true;
  const name = String((element as HTMLInputElement).name || element.id || '').replace(/[^a-zA-Z0-9]/g, '');
  if (SENSITIVE_NAME.test(name)) return true;
  return inClassTree(element, COMMON_MASK_CLASS) || inClassTree(element, rules.text.maskClass);
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

/** rrweb's options for these rules: masking, blocking, and nothing captured that was not asked for. */
export function rrwebPrivacyOptions(rules: PrivacyRules): Partial<RecordOptions> {
  return {
    blockClass: rules.blockClass,
    blockSelector: rules.blockSelector,
    maskTextSelector: '*',
    maskTextFn: (text, element) => (shouldMaskText(element, rules) ? maskText(text) : text),
    maskAllInputs: true,
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

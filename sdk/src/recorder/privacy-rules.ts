// The site's record_* privacy options, read once per recording into the rules masking.ts and
// event-privacy.ts apply. Names, defaults and the legacy record_mask_text_selector form follow
// mixpanel-browser 2.83; where an option is malformed the rules err towards masking.
import type { Config } from '../config';

export interface PrivacyRules {
  text: {
    /** Mask every text; unmaskSelector reveals chosen elements. */
    maskAll: boolean;
    /** Elements (and their descendants) whose text is masked even when maskAll is off. */
    maskSelector: string;
    unmaskSelector: string;
    /** record_mask_text_class: masks text (and inputs) under a matching class, whatever else is set. */
    maskClass: string | RegExp | null;
  };
  input: {
    maskAll: boolean;
    maskSelector: string;
    unmaskSelector: string;
  };
  blockClass: string | RegExp;
  blockSelector: string | undefined;
}

/** Class names every replay tool honours for "mask this": they mask whatever record_mask_text_class says. */
export const COMMON_MASK_CLASS = /^(mp-mask|fs-mask|amp-mask|rr-mask|ph-mask)$/;

type Complaint = (message: string) => void;

function validSelector(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/**
 * A selector option (a string or an array of them) as one selector list. An invalid selector cannot say
 * what it meant to cover: in a mask or block option it becomes "*" (everything), in an unmask option it
 * is dropped, so a typo never reveals anything.
 */
function selectorList(value: unknown, option: string, onInvalid: '*' | 'drop', complain: Complaint): string {
  const list = (Array.isArray(value) ? value : [value]).filter((s): s is string => typeof s === 'string' && !!s.trim());
  const valid = list.filter((selector) => {
    if (validSelector(selector)) return true;
    complain(`${option}: "${selector}" is not a valid CSS selector; ${onInvalid === '*' ? 'applying it to every element' : 'ignoring it'}`);
    return false;
  });
  if (valid.length < list.length && onInvalid === '*') return '*';
  return valid.join(', ');
}

function isClassOption(value: unknown): value is string | RegExp {
  return value instanceof RegExp || (typeof value === 'string' && !!value);
}

export function privacyRules(config: Config, complain: Complaint = () => {}): PrivacyRules {
  const maskAllText = config.record_mask_all_text;
  return {
    text: {
      // The legacy form: record_mask_text_selector alone (without record_mask_all_text) meant "mask only
      // these", and '' means "Mask User Input Mode" — text in the clear, inputs masked.
      maskAll: maskAllText === undefined ? config.record_mask_text_selector === undefined : maskAllText !== false,
      maskSelector: selectorList(config.record_mask_text_selector, 'record_mask_text_selector', '*', complain),
      unmaskSelector: selectorList(config.record_unmask_text_selector, 'record_unmask_text_selector', 'drop', complain),
      maskClass: isClassOption(config.record_mask_text_class) ? config.record_mask_text_class : null,
    },
    input: {
      maskAll: config.record_mask_all_inputs !== false,
      maskSelector: selectorList(config.record_mask_input_selector, 'record_mask_input_selector', '*', complain),
      unmaskSelector: selectorList(config.record_unmask_input_selector, 'record_unmask_input_selector', 'drop', complain),
    },
    blockClass: isClassOption(config.record_block_class) ? config.record_block_class : 'rr-block',
    // An empty selector blocks nothing beyond the classes, which rrweb spells undefined.
    blockSelector: selectorList(config.record_block_selector, 'record_block_selector', '*', complain) || undefined,
  };
}

// Privacy in the browser: what to mask and block, decided per element. What is masked here never
// leaves the page; the server never has the original.
//
// The shape follows mixpanel-browser: rrweb is asked to consult us about every text node
// (maskTextSelector '*') and every input value (maskInputOptions), and privacy-decisions.ts decides.
// event-privacy.ts applies the same decisions again to every event rrweb emits, for what rrweb does not
// ask about (attributes, text directly in a shadow root, blocked iframes' content).
import type { record } from '@rrweb/record';
import { PrivacyDecisions } from './privacy-decisions';
import type { PrivacyRules } from './privacy-rules';

type RecordOptions = NonNullable<Parameters<typeof record>[0]>;

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

/** `^name$` or `^(name|name|…)$`, names a CSS class selector can spell without escapes. */
const CLASS_NAMES_PATTERN = /^\^(?:\((?:\?:)?(-?[_a-zA-Z][\w-]*(?:\|-?[_a-zA-Z][\w-]*)*)\)|(-?[_a-zA-Z][\w-]*))\$$/;

/**
 * rrweb's blocking options. rrweb checks a block class given as a pattern in script, class by class and
 * ancestor by ancestor, several times for every changed node; a pattern that only lists class names (the
 * default /^(mp-block|…|rr-block|ph-no-capture)$/) goes to it as those classes' selectors beside the block
 * selector instead, which the browser matches natively. The same elements are blocked; any other pattern
 * is passed as it is.
 */
export function rrwebBlocking(rules: PrivacyRules): { blockClass: string | RegExp; blockSelector?: string } {
  const { blockClass, blockSelector } = rules;
  const listed = blockClass instanceof RegExp && !/[im]/.test(blockClass.flags) ? CLASS_NAMES_PATTERN.exec(blockClass.source) : null;
  if (!listed) return { blockClass, blockSelector };
  const names = (listed[1] || listed[2]).split('|');
  const selectors = names.map((name) => '.' + name);
  if (blockSelector) selectors.push(blockSelector);
  return { blockClass: names[0], blockSelector: selectors.join(', ') };
}

/**
 * rrweb's options for these rules: masking, blocking, and nothing captured that was not asked for.
 * `decisions` is shared with the privacy filter, so each element is decided once per run.
 */
export function rrwebPrivacyOptions(rules: PrivacyRules, decisions = new PrivacyDecisions(rules)): Partial<RecordOptions> {
  return {
    ...rrwebBlocking(rules),
    maskTextSelector: '*',
    // rrweb passes no element for text placed directly in a shadow root; event-privacy.ts, which runs on
    // every event before it is queued, finds its host through the mirror and decides for it.
    maskTextFn: (text, element) => (element && decisions.textMasked(element) ? maskText(text) : text),
    // Keyed by tag name, so every input type (hidden and file included), textarea and select reaches
    // maskInputFn; rrweb's own list of types leaves some out.
    maskInputOptions: { input: true, textarea: true, select: true } as RecordOptions['maskInputOptions'],
    maskInputFn: (value, element) => (decisions.inputMasked(element) ? maskInput(value) : value),
    // Scripts, comments and head metadata (descriptions, social tags) are dropped from the snapshot:
    // they never render in a replay, and their text is not masked.
    slimDOMOptions: 'all',
    recordCanvas: false,
    inlineImages: false,
    collectFonts: false,
    recordCrossOriginIframes: false,
  };
}

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

// The rules applied to one element afresh, nothing remembered: for code that asks once, and for tests.
// A recording shares one PrivacyDecisions between rrweb and the privacy filter instead.

export function shouldMaskText(element: Element | null, rules: PrivacyRules): boolean {
  return new PrivacyDecisions(rules).textMasked(element);
}

export function shouldMaskInput(element: Element | null, rules: PrivacyRules): boolean {
  return new PrivacyDecisions(rules).inputMasked(element);
}

export function isBlocked(element: Element | null, rules: PrivacyRules): boolean {
  return new PrivacyDecisions(rules).blocked(element);
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
 * rrweb's options for these rules: masking, blocking, and nothing captured that was not asked for.
 * `decisions` is shared with the privacy filter, so each element is decided once per run.
 */
export function rrwebPrivacyOptions(rules: PrivacyRules, decisions = new PrivacyDecisions(rules)): Partial<RecordOptions> {
  return {
    blockClass: rules.blockClass,
    blockSelector: rules.blockSelector,
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

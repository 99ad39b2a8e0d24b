import { record } from '@rrweb/record';
import { beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig, type UserConfig } from '../src/config';
import { maskText, rrwebBlocking, rrwebPrivacyOptions } from '../src/recorder/masking';
import { PrivacyDecisions } from '../src/recorder/privacy-decisions';
import { privacyRules, type PrivacyRules } from '../src/recorder/privacy-rules';
import { looksSensitive, PERSONAL_AUTOCOMPLETE } from '../src/recorder/sensitive-fields';

const rules = (config: UserConfig = {}, complaints: string[] = []) =>
  privacyRules(resolveConfig('t', 'hindsight', config), (message) => complaints.push(message));

// The rules applied to one element afresh, nothing remembered between questions.
const shouldMaskText = (element: Element | null, r: PrivacyRules) => new PrivacyDecisions(r).textMasked(element);
const shouldMaskInput = (element: Element | null, r: PrivacyRules) => new PrivacyDecisions(r).inputMasked(element);
const isBlocked = (element: Element | null, r: PrivacyRules) => new PrivacyDecisions(r).blocked(element);

/** What rrweb alone would record of the current page with these options: the full snapshot, as JSON text. */
function snapshot(config: UserConfig = {}): string {
  const events: Array<{ type: number; data: unknown }> = [];
  const stop = record({ ...rrwebPrivacyOptions(rules(config)), emit: (event) => void events.push(event as never) });
  stop?.();
  return JSON.stringify(events.find((event) => event.type === 2)!.data);
}

const fieldOf = (element: Element) => new PrivacyDecisions(rules()).fieldOf(element);

/** Builds the body and returns the element matching `selector`. */
function element(html: string, selector: string): Element {
  document.body.innerHTML = html;
  return document.querySelector(selector)!;
}

describe('masking decisions', () => {
  beforeEach(() => {
    document.head.innerHTML = '<title>Order for Ada</title><meta name="description" content="Ada Lovelace account">';
    document.body.innerHTML = `
      <h1>Gear for long days outside</h1>
      <p class="mp-mask">Masked by class</p>
      <p>Public note</p>
      <input name="q" value="search words">
      <input type="password" value="hunter2">
      <input name="card-number" value="4111111111111111">
      <input type="hidden" name="session" value="hidden-secret">
      <textarea>Please wrap it in brown paper</textarea>
      <img src="https://shop.example/photo.jpg" alt="a photo">
      <video src="https://shop.example/clip.mp4"></video>
      <div class="rr-block">Blocked by class</div>
      <!-- internal comment -->
      <script>var apiKey = 'SCRIPT-CONTENT';</script>`;
  });

  describe('text', () => {
    it('masks every text by default, one asterisk per character, keeping spaces so the layout holds', () => {
      const json = snapshot();
      expect(json).toContain('"**** *** **** **** *******"');
      for (const secret of ['Gear for long', 'Public note', 'Masked by class', 'Order for Ada']) expect(json).not.toContain(secret);
    });

    it('records text in the clear only where a site turned masking off, and still honours mask classes', () => {
      const json = snapshot({ record_mask_all_text: false });
      expect(json).toContain('Public note');
      expect(json).not.toContain('Masked by class');
    });

    it('with all text masked, reveals only what record_unmask_text_selector covers (strings or arrays)', () => {
      document.body.innerHTML = '<main><h1>Title</h1><p class="note">Shown</p><p>Hidden</p></main><footer>Legal</footer>';
      const r = rules({ record_unmask_text_selector: ['.note', 'footer'] });
      expect(shouldMaskText(document.querySelector('.note'), r)).toBe(false);
      expect(shouldMaskText(document.querySelector('footer'), r)).toBe(false);
      expect(shouldMaskText(document.querySelector('h1'), r)).toBe(true);
      expect(shouldMaskText(document.querySelectorAll('p')[1], r)).toBe(true);
    });

    it('with text masking off, masks only what record_mask_text_selector covers, descendants included', () => {
      document.body.innerHTML = '<section id="account"><p><b>Ada</b></p></section><p>Catalogue</p>';
      const r = rules({ record_mask_all_text: false, record_mask_text_selector: '#account' });
      expect(shouldMaskText(document.querySelector('b'), r)).toBe(true);
      expect(shouldMaskText(document.querySelectorAll('p')[1], r)).toBe(false);
    });

    it('reads record_mask_text_selector alone as the older form: mask only these (mixpanel-browser migration)', () => {
      document.body.innerHTML = '<p class="secret">Ada</p><p>Catalogue</p>';
      const r = rules({ record_mask_text_selector: '.secret' });
      expect(r.text.maskAll).toBe(false);
      expect(shouldMaskText(document.querySelector('.secret'), r)).toBe(true);
      expect(shouldMaskText(document.querySelectorAll('p')[1], r)).toBe(false);
      expect(rules({ record_mask_text_selector: '.secret', record_mask_all_text: true }).text.maskAll).toBe(true);
    });

    it('mask classes win over an unmask selector', () => {
      const r = rules({ record_unmask_text_selector: 'main' });
      expect(shouldMaskText(element('<main><p class="fs-mask">Ada</p><p>Shown</p></main>', '.fs-mask'), r)).toBe(true);
      expect(shouldMaskText(document.querySelectorAll('p')[1], r)).toBe(false);
    });

    it('finds mask classes on ancestors and accepts class names as strings or patterns', () => {
      document.body.innerHTML = '<section class="private-area"><p><span>deep</span></p></section><p>plain</p>';
      const deep = document.querySelector('span');
      const plain = document.querySelectorAll('p')[1];
      const byString = rules({ record_mask_all_text: false, record_mask_text_class: 'private-area' });
      const byPattern = rules({ record_mask_all_text: false, record_mask_text_class: /^private-/g });
      expect(shouldMaskText(deep, byString)).toBe(true);
      expect(shouldMaskText(deep, byPattern)).toBe(true);
      expect(shouldMaskText(deep, byPattern)).toBe(true); // a /g pattern keeps no state between checks
      expect(shouldMaskText(plain, byString)).toBe(false);
    });

    it('checks ancestors across open shadow roots, which closest() cannot', () => {
      document.body.innerHTML = '<div class="rr-mask"><x-card></x-card></div><x-card id="plain"></x-card>';
      const [inMasked, plain] = Array.from(document.querySelectorAll('x-card'));
      for (const host of [inMasked, plain]) host.attachShadow({ mode: 'open' }).innerHTML = '<p>Inside</p>';
      const r = rules({ record_mask_all_text: false });
      expect(shouldMaskText(inMasked.shadowRoot!.querySelector('p'), r)).toBe(true);
      expect(shouldMaskText(plain.shadowRoot!.querySelector('p'), r)).toBe(false);
      const unmasked = rules({ record_unmask_text_selector: '#plain' });
      expect(shouldMaskText(plain.shadowRoot!.querySelector('p'), unmasked)).toBe(false);
    });

    it('masks text it cannot place', () => {
      expect(shouldMaskText(null, rules({ record_mask_all_text: false }))).toBe(true);
    });

    it('treats an invalid mask selector as masking everything, and drops an invalid unmask selector', () => {
      const complaints: string[] = [];
      const r = rules({ record_mask_all_text: false, record_mask_text_selector: 'p[', record_unmask_input_selector: ['#ok', '>>'] }, complaints);
      expect(shouldMaskText(element('<p>x</p><div>y</div>', 'div'), r)).toBe(true);
      expect(r.input.unmaskSelector).toBe('#ok');
      expect(complaints).toHaveLength(2);
    });

    it('keeps whitespace-only text as it is', () => {
      expect(maskText('  \n ')).toBe('  \n ');
      expect(maskText('Zoë 漢字')).toBe('*** **');
    });
  });

  describe('inputs', () => {
    it('masks every input value by default, hidden inputs included', () => {
      const json = snapshot();
      for (const secret of ['search words', 'hunter2', '4111111111111111', 'brown paper', 'hidden-secret']) expect(json).not.toContain(secret);
      expect(json).toContain('"value":"************"');
    });

    it('with input masking off, still masks passwords, card fields and mask-classed inputs', () => {
      const r = rules({ record_mask_all_inputs: false });
      expect(shouldMaskInput(element('<input name="q">', 'input'), r)).toBe(false);
      expect(shouldMaskInput(element('<input type="password">', 'input'), r)).toBe(true);
      expect(shouldMaskInput(element('<input type="email">', 'input'), r)).toBe(true);
      expect(shouldMaskInput(element('<input type="TEL">', 'input'), r)).toBe(true);
      expect(shouldMaskInput(element('<input type="hidden">', 'input'), r)).toBe(true);
      expect(shouldMaskInput(element('<input name="cc-number">', 'input'), r)).toBe(true);
      expect(shouldMaskInput(element('<input data-rr-is-password="true">', 'input'), r)).toBe(true);
      expect(shouldMaskInput(element('<div class="fs-mask"><input name="q"></div>', 'input'), r)).toBe(true);
    });

    it('always masks fields that announce personal data, whatever unmask selector covers them', () => {
      const r = rules({ record_unmask_input_selector: 'form' });
      expect(shouldMaskInput(element('<form><input name="q"></form>', 'input'), r)).toBe(false);
      expect(shouldMaskInput(element('<form><input type="password"></form>', 'input'), r)).toBe(true);
      expect(shouldMaskInput(element('<form><input id="cardCvv"></form>', 'input'), r)).toBe(true);
      expect(shouldMaskInput(element('<form><input autocomplete="shipping street-address"></form>', 'input'), r)).toBe(true);
    });

    it('masks every personal-data autocomplete token, "on" and unknown tokens; not off or neutral ones', () => {
      const r = rules({ record_mask_all_inputs: false });
      for (const token of PERSONAL_AUTOCOMPLETE) {
        expect(shouldMaskInput(element(`<input autocomplete="section-a billing ${token}">`, 'input'), r), token).toBe(true);
      }
      for (const token of ['on', 'x-loyalty-id']) expect(shouldMaskInput(element(`<input autocomplete="${token}">`, 'input'), r)).toBe(true);
      for (const token of ['off', 'language', 'transaction-amount', 'shipping']) {
        expect(shouldMaskInput(element(`<input autocomplete="${token}">`, 'input'), r), token).toBe(false);
      }
    });

    it('recognises names and ids of card numbers, security codes, expiry, national ids and passwords', () => {
      for (const name of [
        'cc-number', 'ccnum', 'cardNumber', 'card_no', 'credit-card', 'cc', 'cvv', 'CVV2', 'cvc', 'card-cvc', 'csc', 'security_code',
        'cc-exp', 'exp', 'expiry', 'expirationDate', 'exp-month', 'ssn', 'user_ssn', 'social-security-number', 'national_id',
        'tax-id', 'passport', 'password', 'new_password', 'passwd', 'pwd', 'pass', 'userpass', 'passcode', 'pin', 'otp',
        'iban', 'routing-number', 'accountNumber',
      ]) expect(looksSensitive(name), name).toBe(true);
    });

    it('leaves ordinary names alone, where the older pattern masked anything starting with cc or containing exp', () => {
      for (const name of ['q', 'search', 'export-format', 'experience', 'express-shipping', 'expand', 'accent', 'ccity', 'passenger-count',
        'business_name', 'className', 'quantity', 'coupon']) expect(looksSensitive(name), name).toBe(false);
    });

    it('a button is not a field: its value is a label and follows the text rules', () => {
      const mode = rules({ record_mask_text_selector: '' });
      const submit = element('<input type="submit" value="Place order">', 'input');
      expect(fieldOf(submit)).toBeNull();
      expect(shouldMaskInput(submit, mode)).toBe(false);
      expect(shouldMaskInput(submit, rules())).toBe(true);
    });
  });

  describe('textareas, selects and contenteditable regions are fields', () => {
    it('follow the input rules, also in Mask User Input Mode where page text is in the clear', () => {
      const mode = rules({ record_mask_text_selector: '' });
      document.body.innerHTML = `<p>Label</p><textarea>Note</textarea>
        <select><optgroup label="Cards"><option>Ada Lovelace</option></optgroup></select>
        <div contenteditable="true"><p><b>typed</b><span contenteditable="false">chip</span></p></div>`;
      expect(shouldMaskText(document.querySelector('p'), mode)).toBe(false);
      expect(shouldMaskText(document.querySelector('textarea'), mode)).toBe(true);
      expect(shouldMaskText(document.querySelector('option'), mode)).toBe(true);
      expect(shouldMaskText(document.querySelector('optgroup'), mode)).toBe(true);
      expect(shouldMaskText(document.querySelector('b'), mode)).toBe(true);
      expect(shouldMaskText(document.querySelector('span'), mode)).toBe(true);
      expect(fieldOf(document.querySelector('option')!)).toBe(document.querySelector('select'));
      expect(fieldOf(document.querySelector('b')!)).toBe(document.querySelector('[contenteditable=true]'));
    });

    it('an unmask input selector reveals them; the always-masked rules still win', () => {
      const r = rules({ record_mask_text_selector: '', record_unmask_input_selector: '.public' });
      expect(shouldMaskText(element('<select class="public"><option>Blue</option></select>', 'option'), r)).toBe(false);
      expect(shouldMaskText(element('<select class="public" name="exp-month"><option>08</option></select>', 'option'), r)).toBe(true);
      expect(shouldMaskText(element('<div class="public" contenteditable id="password-notes"><p>x</p></div>', 'p'), r)).toBe(true);
    });

    it('a page in designMode is one big field', () => {
      document.designMode = 'on';
      try {
        expect(shouldMaskText(element('<p>typed</p>', 'p'), rules({ record_mask_text_selector: '' }))).toBe(true);
      } finally {
        document.designMode = 'off';
      }
    });
  });

  describe('blocking', () => {
    it('blocks images and video: a same-size placeholder, never the source', () => {
      const json = snapshot();
      expect(json).not.toContain('photo.jpg');
      expect(json).not.toContain('clip.mp4');
      expect(json).toMatch(/"tagName":"img","attributes":\{"rr_width":"[\d.]+px","rr_height":"[\d.]+px"\}/);
    });

    it('blocks elements with the usual block classes', () => {
      expect(snapshot()).not.toContain('Blocked by class');
    });

    it('blocks by class and by selector (string or array), on the element or any ancestor, across shadow roots', () => {
      const r = rules({ record_block_selector: ['#panel', 'aside'] });
      document.body.innerHTML = '<div id="panel"><p>x</p></div><aside><i>y</i></aside><div class="ph-no-capture"><x-a></x-a></div><p id="free">z</p>';
      const host = document.querySelector('x-a')!;
      host.attachShadow({ mode: 'open' }).innerHTML = '<span>in shadow</span>';
      expect(isBlocked(document.querySelector('#panel p'), r)).toBe(true);
      expect(isBlocked(document.querySelector('aside i'), r)).toBe(true);
      expect(isBlocked(host.shadowRoot!.querySelector('span'), r)).toBe(true);
      expect(isBlocked(document.querySelector('#free'), r)).toBe(false);
      expect(rules({ record_block_selector: '' }).blockSelector).toBeUndefined();
    });
  });

  describe('within one run', () => {
    it('remembers a decision until forgotten or until the next microtask: a class the page adds later is seen', async () => {
      const heading = element('<h1 id="title">Welcome back</h1>', '#title');
      const decisions = new PrivacyDecisions(rules({ record_mask_all_text: false }));
      expect(decisions.textMasked(heading)).toBe(false);
      heading.classList.add('mp-mask');
      expect(decisions.textMasked(heading)).toBe(false); // the same synchronous run: remembered
      decisions.forget();
      expect(decisions.textMasked(heading)).toBe(true);
      heading.classList.remove('mp-mask');
      expect(decisions.textMasked(heading)).toBe(true);
      await Promise.resolve();
      expect(decisions.textMasked(heading)).toBe(false);
    });

    it('derives each answer from the ancestors\' answers, whichever element is asked first', () => {
      const r = rules({ record_mask_all_text: false, record_unmask_input_selector: '.public', record_block_selector: 'aside' });
      document.body.innerHTML = `<main><div class="fs-mask"><p><b>secret</b></p></div><p><i>plain</i></p>
        <aside><span>blocked</span></aside><select class="public"><option>Blue</option></select></main>`;
      const all = Array.from(document.querySelectorAll('*'));
      const oneByOne = all.map((e) => [shouldMaskText(e, r), shouldMaskInput(e, r), isBlocked(e, r)]);
      const topDown = new PrivacyDecisions(r);
      expect(all.map((e) => [topDown.textMasked(e), topDown.inputMasked(e), topDown.blocked(e)])).toEqual(oneByOne);
      const bottomUp = new PrivacyDecisions(r);
      expect(all.slice().reverse().map((e) => [bottomUp.textMasked(e), bottomUp.inputMasked(e), bottomUp.blocked(e)]))
        .toEqual(oneByOne.slice().reverse());
      expect(oneByOne[all.indexOf(document.querySelector('b')!)]).toEqual([true, true, false]);
      expect(oneByOne[all.indexOf(document.querySelector('i')!)]).toEqual([false, true, false]);
      expect(oneByOne[all.indexOf(document.querySelector('span')!)][2]).toBe(true);
      expect(oneByOne[all.indexOf(document.querySelector('option')!)]).toEqual([false, false, false]);
    });
  });

  it('drops scripts, comments and head metadata from the snapshot', () => {
    const json = snapshot();
    expect(json).not.toContain('SCRIPT-CONTENT');
    expect(json).not.toContain('internal comment');
    expect(json).not.toContain('Ada Lovelace account');
  });

  it('translates the options into rrweb settings that record nothing unrequested', () => {
    const options = rrwebPrivacyOptions(rules());
    expect(options).toMatchObject({
      maskInputOptions: { input: true, textarea: true, select: true },
      maskTextSelector: '*',
      slimDOMOptions: 'all',
      recordCanvas: false,
      inlineImages: false,
      collectFonts: false,
      recordCrossOriginIframes: false,
      // The default block classes reach rrweb as selectors, which the browser matches natively.
      blockClass: 'mp-block',
      blockSelector: '.mp-block, .fs-exclude, .amp-block, .rr-block, .ph-no-capture, img, video, audio',
    });
  });

  it('gives rrweb a block pattern as selectors only where they block exactly the same elements', () => {
    expect(rrwebBlocking(rules({ record_block_class: /^(?:secret|private_1)$/, record_block_selector: [] })))
      .toEqual({ blockClass: 'secret', blockSelector: '.secret, .private_1' });
    expect(rrwebBlocking(rules({ record_block_class: 'no-record' }))).toEqual({ blockClass: 'no-record', blockSelector: 'img, video, audio' });
    for (const pattern of [/^secret-/, /^a|b$/, /^(a|b)c$/, /^(a|b)$/i, /^(a|9b)$/]) {
      expect(rrwebBlocking(rules({ record_block_class: pattern })).blockClass).toBe(pattern);
    }
  });
});

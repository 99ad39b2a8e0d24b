import { record } from '@rrweb/record';
import { beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig, type UserConfig } from '../src/config';
import { maskText, privacyRules, rrwebPrivacyOptions, shouldMaskInput, shouldMaskText } from '../src/recorder/masking';

const rules = (config: UserConfig = {}) => privacyRules(resolveConfig('t', 'hindsight', config));

/** What rrweb would record of the current page with these options: the full snapshot, as JSON text. */
function snapshot(config: UserConfig = {}): string {
  const events: Array<{ type: number; data: unknown }> = [];
  const stop = record({ ...rrwebPrivacyOptions(rules(config)), emit: (event) => void events.push(event as never) });
  stop?.();
  return JSON.stringify(events.find((event) => event.type === 2)!.data);
}

describe('masking', () => {
  beforeEach(() => {
    document.head.innerHTML = '<title>Order for Ada</title><meta name="description" content="Ada Lovelace account">';
    document.body.innerHTML = `
      <h1>Gear for long days outside</h1>
      <p class="mp-mask">Masked by class</p>
      <p>Public note</p>
      <input name="q" value="search words">
      <input type="password" value="hunter2">
      <input name="card-number" value="4111111111111111">
      <textarea>Please wrap it in brown paper</textarea>
      <img src="https://shop.example/photo.jpg" alt="a photo">
      <video src="https://shop.example/clip.mp4"></video>
      <div class="rr-block">Blocked by class</div>
      <!-- internal comment -->
      <script>var apiKey = 'SCRIPT-CONTENT';</script>`;
  });

  it('masks every text by default, one asterisk per character, keeping spaces so the layout holds', () => {
    const json = snapshot();
    expect(json).toContain('"**** *** **** **** *******"');
    for (const secret of ['Gear for long', 'Public note', 'Masked by class', 'Order for Ada']) expect(json).not.toContain(secret);
  });

  it('masks every input value by default', () => {
    const json = snapshot();
    for (const secret of ['search words', 'hunter2', '4111111111111111', 'brown paper']) expect(json).not.toContain(secret);
    expect(json).toContain('"value":"************"');
  });

  it('blocks images and video: a same-size placeholder, never the source', () => {
    const json = snapshot();
    expect(json).not.toContain('photo.jpg');
    expect(json).not.toContain('clip.mp4');
    expect(json).toMatch(/"tagName":"img","attributes":\{"rr_width":"[\d.]+px","rr_height":"[\d.]+px"\}/);
  });

  it('blocks elements with the usual block classes', () => {
    expect(snapshot()).not.toContain('Blocked by class');
  });

  it('drops scripts, comments and head metadata from the snapshot', () => {
    const json = snapshot();
    expect(json).not.toContain('SCRIPT-CONTENT');
    expect(json).not.toContain('internal comment');
    expect(json).not.toContain('Ada Lovelace account');
  });

  it('records text in the clear only where a site turned masking off, and still honours mask classes', () => {
    const json = snapshot({ record_mask_all_text: false });
    expect(json).toContain('Public note');
    expect(json).not.toContain('Masked by class');
  });

  it('with input masking turned off, still masks passwords, card fields and mask-classed inputs', () => {
    const r = rules({ record_mask_all_inputs: false });
    const input = (html: string) => {
      document.body.innerHTML = html;
      return document.body.firstElementChild!;
    };
    expect(shouldMaskInput(input('<input name="q">'), r)).toBe(false);
    expect(shouldMaskInput(input('<input type="password">'), r)).toBe(true);
    expect(shouldMaskInput(input('<input type="email">'), r)).toBe(true);
    expect(shouldMaskInput(input('<input name="cc-number">'), r)).toBe(true);
    expect(shouldMaskInput(input('<input autocomplete="street-address">'), r)).toBe(true);
    expect(shouldMaskInput(input('<div class="fs-mask"><input name="q"></div>').querySelector('input'), r)).toBe(true);
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

  it('translates the options into rrweb settings that record nothing unrequested', () => {
    const options = rrwebPrivacyOptions(rules());
    expect(options).toMatchObject({
      maskAllInputs: true,
      maskTextSelector: '*',
      slimDOMOptions: 'all',
      recordCanvas: false,
      inlineImages: false,
      collectFonts: false,
      recordCrossOriginIframes: false,
      blockSelector: 'img, video, audio',
    });
    expect(String(options.blockClass)).toBe('/^(mp-block|fs-exclude|amp-block|rr-block|ph-no-capture)$/');
    expect(rrwebPrivacyOptions(rules({ record_block_selector: '' })).blockSelector).toBeUndefined();
  });

  it('keeps whitespace-only text as it is', () => {
    expect(maskText('  \n ')).toBe('  \n ');
    expect(maskText('Zoë 漢字')).toBe('*** **');
  });
});

import { record } from '@rrweb/record';
import type { RecordedEvent } from '@hindsight/types';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig, type UserConfig } from '../src/config';
import { privacyFilter } from '../src/recorder/event-privacy';
import { rrwebPrivacyOptions } from '../src/recorder/masking';
import { PrivacyDecisions } from '../src/recorder/privacy-decisions';
import { privacyRules } from '../src/recorder/privacy-rules';

/** Real rrweb on the current page with the privacy filter in front of the queue, as the recorder runs it. */
function recordPage(config: UserConfig = {}) {
  const rules = privacyRules(resolveConfig('t', 'hindsight', config));
  const decisions = new PrivacyDecisions(rules);
  const protect = privacyFilter(rules, record.mirror, decisions);
  const events: RecordedEvent[] = [];
  const stop = record({
    ...rrwebPrivacyOptions(rules, decisions),
    emit: (event) => {
      const safe = protect(event as unknown as RecordedEvent);
      if (safe) events.push(safe);
    },
  })!;
  stopRecording = stop;
  return { events, json: () => JSON.stringify(events) };
}

let stopRecording: (() => void) | undefined;

/** rrweb reports DOM changes from a MutationObserver: after a microtask or two. */
const mutationsSettle = () => new Promise((resolve) => setTimeout(resolve, 0));

const MODE_INPUTS_ONLY = { record_mask_text_selector: '' };

describe('the privacy filter on recorded events', () => {
  afterEach(() => {
    stopRecording?.();
    stopRecording = undefined;
    document.body.innerHTML = '';
  });

  it('masks the text-bearing attributes of masked text in the snapshot, and keeps the rest', () => {
    document.body.innerHTML = `
      <abbr title="Ada Lovelace">AL</abbr>
      <button aria-label="Delete ada@example.com" aria-description="for Ada" aria-roledescription="Ada button">x</button>
      <div role="slider" aria-valuetext="Ada's budget" aria-placeholder="Ada hint">y</div>
      <a href="mailto:ada@example.com" title="mail">mail</a><a href="/orders/1">order</a>
      <time datetime="1815-12-10">her birthday</time><data value="ada-42">Ada</data>
      <input type="submit" value="Pay as Ada"><button value="ada-btn">b</button>
      <track label="Ada subtitles">
      <iframe srcdoc="<p>Ada in srcdoc</p>"></iframe>`;
    const { json } = recordPage();
    for (const secret of ['Ada Lovelace', 'ada@example.com', 'for Ada', 'Ada button', "Ada's budget", 'Ada hint', '1815-12-10', 'ada-42',
      'Pay as Ada', 'ada-btn', 'Ada subtitles', 'Ada in srcdoc']) expect(json(), secret).not.toContain(secret);
    expect(json()).toContain('"title":"*** ********"');
    expect(json()).toContain('"href":"mailto:***************"');
    expect(json()).toMatch(/"href":"[^"]*\/orders\/1"/);
  });

  it('keeps the attributes of text shown in the clear', () => {
    document.body.innerHTML = '<abbr title="Ada Lovelace">AL</abbr><img alt="Ada smiling" class="photo">';
    const { json } = recordPage({ record_mask_all_text: false, record_block_selector: '' });
    expect(json()).toContain('"title":"Ada Lovelace"');
    expect(json()).toContain('"alt":"Ada smiling"');
  });

  it('masks placeholders, option texts, values and labels as inputs, also in Mask User Input Mode', () => {
    document.body.innerHTML = `
      <p>Choose a card</p>
      <input name="q" placeholder="Ada's search">
      <textarea placeholder="Ada's note"></textarea>
      <select name="plan"><option value="ada-plan" label="Ada label">Ada Premium</option><option value="b" selected>Basic</option></select>
      <input type="checkbox" name="terms" value="ada-consent" checked>
      <div contenteditable="true">Ada's draft</div>`;
    const { json } = recordPage(MODE_INPUTS_ONLY);
    expect(json()).toContain('Choose a card');
    for (const secret of ["Ada's search", "Ada's note", 'ada-plan', 'Ada label', 'Ada Premium', 'Basic', 'ada-consent', "Ada's draft"]) {
      expect(json(), secret).not.toContain(secret);
    }
  });

  it('masks text set later by a script exactly like text present at the snapshot', async () => {
    document.body.innerHTML = '<p id="greeting">Hello</p><ul id="list"></ul><span id="counter">0</span>';
    const { json } = recordPage();
    document.querySelector('#greeting')!.textContent = 'Hello Ada Lovelace';
    (document.querySelector('#counter')!.firstChild as Text).data = 'Ada changed by characterData';
    document.querySelector('#list')!.innerHTML = '<li title="Ada title">Ada inserted later</li>';
    document.querySelector('#greeting')!.setAttribute('aria-label', 'Ada label later');
    await mutationsSettle();
    for (const secret of ['Ada Lovelace', 'Ada changed', 'Ada title', 'Ada inserted', 'Ada label later']) expect(json(), secret).not.toContain(secret);
    expect(json()).toContain('"***** *** ********"');
  });

  it('masks values a script sets on inputs, through the value property and through setAttribute', async () => {
    document.body.innerHTML = '<input id="a" name="q"><input id="b" name="q2"><input type="radio" id="r" name="r" value="ada-radio">';
    const { json } = recordPage();
    (document.querySelector('#a') as HTMLInputElement).value = 'Ada by property';
    document.querySelector('#b')!.setAttribute('value', 'Ada by attribute');
    (document.querySelector('#r') as HTMLInputElement).checked = true;
    await mutationsSettle();
    for (const secret of ['Ada by property', 'Ada by attribute', 'ada-radio']) expect(json(), secret).not.toContain(secret);
  });

  it('keeps unmasked inputs readable', async () => {
    document.body.innerHTML = '<input id="a" name="q">';
    const { json } = recordPage({ record_mask_all_inputs: false });
    (document.querySelector('#a') as HTMLInputElement).value = 'blue shoes';
    await mutationsSettle();
    expect(json()).toContain('blue shoes');
  });

  it('keeps a password masked that a script shows as text in the same change as it sets its value', async () => {
    document.body.innerHTML = '<input id="reveal" type="password" value="hunter2">';
    const { json } = recordPage({ record_mask_all_inputs: false });
    const field = document.querySelector('#reveal')!;
    field.setAttribute('value', 'hunter3');
    field.setAttribute('type', 'text');
    await mutationsSettle();
    expect(json()).toContain('data-rr-is-password');
    expect(json()).not.toContain('hunter');
  });

  it('masks text placed directly in an open shadow root, which rrweb leaves alone', async () => {
    document.body.innerHTML = '<x-card></x-card>';
    const host = document.querySelector('x-card')!;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.append('Ada in shadow', document.createElement('input'));
    const { json } = recordPage();
    shadow.append('Ada added to shadow');
    await mutationsSettle();
    expect(json()).not.toContain('Ada in shadow');
    expect(json()).not.toContain('Ada added to shadow');
  });

  it('records text placed directly in a shadow root in the clear where its host’s text is', async () => {
    document.body.innerHTML = '<x-card></x-card><x-card class="mp-mask"></x-card>';
    const [open, masked] = Array.from(document.querySelectorAll('x-card')).map((host) => host.attachShadow({ mode: 'open' }));
    open.append('Shown in shadow');
    masked.append('Ada in a masked host');
    const { json } = recordPage({ record_mask_all_text: false });
    open.append('Shown later');
    await mutationsSettle();
    expect(json()).toContain('Shown in shadow');
    expect(json()).toContain('Shown later');
    expect(json()).not.toContain('Ada in a masked host');
  });

  it('follows mask classes and unmask selectors into open shadow roots', () => {
    document.body.innerHTML = '<div class="mp-mask"><x-a></x-a></div><div id="open"><x-b></x-b></div>';
    document.querySelector('x-a')!.attachShadow({ mode: 'open' }).innerHTML = '<p>Ada masked in shadow</p>';
    document.querySelector('x-b')!.attachShadow({ mode: 'open' }).innerHTML = '<p>Public in shadow</p>';
    const { json } = recordPage({ record_unmask_text_selector: '#open' });
    expect(json()).not.toContain('Ada masked in shadow');
    expect(json()).toContain('Public in shadow');
  });

  it('sends nothing of what is later added under a blocked shadow host', async () => {
    document.body.innerHTML = '<x-card class="rr-block"></x-card>';
    const shadow = document.querySelector('x-card')!.attachShadow({ mode: 'open' });
    const { json } = recordPage({ record_mask_all_text: false });
    const p = document.createElement('p');
    p.textContent = 'Ada behind a block';
    shadow.append(p);
    await mutationsSettle();
    expect(json()).not.toContain('Ada behind a block');
  });

  it('keeps a blocked element as a same-size placeholder and sends no later change inside it', async () => {
    document.body.innerHTML = '<div id="box" class="fs-exclude"><p>Ada hidden</p></div>';
    const { events, json } = recordPage({ record_mask_all_text: false });
    document.querySelector('#box p')!.textContent = 'Ada still hidden';
    document.querySelector('#box')!.setAttribute('title', 'Ada title on block');
    await mutationsSettle();
    expect(json()).not.toContain('Ada');
    const snapshot = JSON.stringify(events.find((event) => event.type === 2));
    expect(snapshot).toMatch(/"attributes":\{"class":"fs-exclude","rr_width":"[\d.]+px","rr_height":"[\d.]+px"\}/);
  });

  it('masks everything in a change whose nodes it cannot find, and drops an input event of a blocked field', () => {
    const rules = privacyRules(resolveConfig('t', 'hindsight', { record_mask_all_text: false, record_mask_all_inputs: false }));
    document.body.innerHTML = '<div class="rr-block"><input id="in"></div>';
    const input = document.querySelector('#in')!;
    const protect = privacyFilter(rules, { getNode: (id) => (id === 7 ? input : null) });
    const mutation = {
      type: 3, timestamp: 0,
      data: { source: 0, texts: [{ id: 1, value: 'Ada text' }], attributes: [{ id: 2, attributes: { title: 'Ada title', value: 'Ada value' } }], adds: [], removes: [] },
    };
    expect(JSON.stringify(protect(mutation))).not.toContain('Ada');
    expect(protect({ type: 3, timestamp: 0, data: { source: 5, id: 7, text: 'Ada typed', isChecked: false } })).toBeNull();
  });

  it('drops every kind of event it has no sanitiser for, and lets a registered sanitiser decide its kind', () => {
    const rules = privacyRules(resolveConfig('t', 'hindsight', {}));
    const console = (payload: string) => ({ type: 6, timestamp: 0, data: { plugin: 'rrweb/console@1', payload: { level: 'log', payload: [payload] } } });
    const canvas = { type: 3, timestamp: 0, data: { source: 9, id: 4, type: 0, commands: [] } };
    const deny = privacyFilter(rules, undefined);
    expect(deny(console('"ada@example.com"'))).toBeNull();
    expect(deny(canvas)).toBeNull();
    expect(deny({ type: 3, timestamp: 0, data: { source: 11, level: 'log', payload: ['secret'] } })).toBeNull();
    expect(deny({ type: 3, timestamp: 0, data: { source: 99 } })).toBeNull();
    expect(deny({ type: 5, timestamp: 0, data: { tag: 'x', payload: { email: 'ada@example.com' } } })).toBeNull();
    expect(deny({ type: 6, timestamp: 0, data: { plugin: 'rrweb/unknown@1', payload: {} } })).toBeNull();
    expect(deny({ type: 2, timestamp: 0, data: {} })).toBeNull();
    expect(deny({ type: 3, timestamp: 0, data: { source: 1, positions: [{ x: 1, y: 2, id: 3, timeOffset: 0 }] } })).not.toBeNull();
    expect(deny({ type: 4, timestamp: 0, data: { href: 'https://shop.test/', width: 1, height: 1 } })).not.toBeNull();

    const allow = privacyFilter(rules, undefined, undefined, new Map([
      ['rrweb/console@1', (event: RecordedEvent) => !JSON.stringify((event.data as { payload: unknown }).payload).includes('@')],
      ['source:9', () => true],
    ]));
    expect(allow(console('"ada@example.com"'))).toBeNull();
    expect(allow(console('"cart loaded"'))).not.toBeNull();
    expect(allow(canvas)).not.toBeNull();
  });
});

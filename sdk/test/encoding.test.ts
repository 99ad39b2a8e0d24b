import { describe, expect, it } from 'vitest';
import { base64Utf8, formBody, truncateStrings } from '../src/encoding';
import { decodeForm } from './helpers';

describe('payload encoding', () => {
  it('encodes non-ASCII JSON as base64 of its UTF-8 bytes', () => {
    const text = JSON.stringify({ name: 'Zoë 漢字 🙂' });
    const bytes = Uint8Array.from(atob(base64Utf8(text)), (c) => c.charCodeAt(0));
    expect(Array.from(bytes)).toEqual(Array.from(new TextEncoder().encode(text)));
    expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(text);
  });

  it('encodes emoji as 4-byte UTF-8, not as two 3-byte surrogate halves', () => {
    const bytes = atob(base64Utf8('🙂'));
    expect(Array.from(bytes, (c) => c.charCodeAt(0))).toEqual([0xf0, 0x9f, 0x99, 0x82]);
  });

  it('sends the payload in a data= form field that survives URL decoding', () => {
    const payload = [{ event: 'Café ordered', properties: { note: '?&=+/ 🙂' } }];
    const body = formBody(payload);
    expect(body.startsWith('data=')).toBe(true);
    expect(base64Utf8(JSON.stringify(payload))).toMatch(/[+/=]/);
    // Raw '+' would turn into a space and '=' would split the field on a form decoder.
    expect(body.slice('data='.length)).not.toMatch(/[+/=]/);
    expect(decodeForm(body)).toEqual(payload);
  });

  it('encodes large batches without overflowing the call stack', () => {
    const big = 'é'.repeat(200_000);
    expect(atob(base64Utf8(big)).length).toBe(400_000);
  });

  it('cuts every string to 255 characters, nested ones included', () => {
    const long = 'x'.repeat(300);
    const cut = truncateStrings({ event: long, properties: { a: long, list: [long, 1], deep: { b: long } } });
    expect(cut.event).toHaveLength(255);
    expect(cut.properties.a).toHaveLength(255);
    expect(cut.properties.list[0]).toHaveLength(255);
    expect(cut.properties.list[1]).toBe(1);
    expect(cut.properties.deep.b).toHaveLength(255);
  });

  it('never cuts an emoji in half', () => {
    const text = 'x'.repeat(254) + '🙂';
    expect(truncateStrings(text)).toBe('x'.repeat(254));
  });

  it('writes dates the way mixpanel-browser does', () => {
    expect(truncateStrings({ at: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)) })).toEqual({ at: '2024-01-02T03:04:05' });
  });
});

import { describe, expect, it } from 'vitest';
import { decodeBytes, encodeText } from '../../server/src/byte-text';

const bytes = (...values: number[]): Buffer => Buffer.from(values);

/** mulberry32: the same bytes on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('text that keeps every byte of a file', () => {
  it('decodes UTF-8 as UTF-8, a byte order mark and NUL included', () => {
    const utf8 = Buffer.from('\ufeffpkgdesc="Müller ✓ 😀"\0\n', 'utf8');
    const text = decodeBytes(utf8);
    expect(text).toBe('\ufeffpkgdesc="Müller ✓ 😀"\0\n');
    expect(encodeText(text).equals(utf8)).toBe(true);
  });

  it('turns each byte outside valid UTF-8 into one escape and back', () => {
    // Latin-1 é, a truncated € (E2 82), an overlong NUL (C0 80), a UTF-8 surrogate (ED A0 80),
    // beyond U+10FFFF (F4 90 80 80), a lone continuation byte (80), and FF.
    const cases: [Buffer, string][] = [
      [bytes(0x4a, 0x6f, 0x73, 0xe9), 'Jos\udce9'],
      [bytes(0xe2, 0x82, 0x41), '\udce2\udc82A'],
      [bytes(0xc0, 0x80), '\udcc0\udc80'],
      [bytes(0xed, 0xa0, 0x80), '\udced\udca0\udc80'],
      [bytes(0xf4, 0x90, 0x80, 0x80), '\udcf4\udc90\udc80\udc80'],
      [bytes(0x80, 0xff), '\udc80\udcff'],
      [Buffer.concat([Buffer.from('ü', 'utf8'), bytes(0xfc)]), 'ü\udcfc'],
    ];
    for (const [input, text] of cases) {
      expect(decodeBytes(input)).toBe(text);
      expect(encodeText(text).equals(input)).toBe(true);
    }
  });

  it('keeps a character beyond U+FFFF beside an escape', () => {
    // U+10080 is the pair D800 DC80, whose second half looks like the escape of byte 0x80.
    const input = Buffer.concat([Buffer.from('\u{10080}', 'utf8'), bytes(0x80)]);
    const text = decodeBytes(input);
    expect(text).toBe('\u{10080}\udc80');
    expect(encodeText(text).equals(input)).toBe(true);
  });

  it('round-trips 2,000 random byte strings, binary and text-like', () => {
    // Pieces of é, €, 😀, Latin-1 é and NUL: valid sequences beside broken and cut ones.
    const textLike = [0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xe9, 0];
    const next = seeded(7);
    for (let n = 0; n < 2000; n++) {
      const input = Buffer.alloc(Math.floor(next() * 64));
      for (let i = 0; i < input.length; i++)
        input[i] =
          n % 2 === 0 ? Math.floor(next() * 256) : textLike[Math.floor(next() * textLike.length)];
      expect(encodeText(decodeBytes(input)).equals(input)).toBe(true);
    }
  });

  it('encodes edits made to the text: only the edited part changes', () => {
    const input = Buffer.concat([
      Buffer.from('# Jos', 'latin1'),
      bytes(0xe9),
      Buffer.from('\nmakedepends="openssl-dev zlib-dev"\n'),
    ]);
    const text = decodeBytes(input);
    const edited = text.replace('openssl-dev ', '');
    expect(
      encodeText(edited).equals(
        Buffer.from(input.toString('latin1').replace('openssl-dev ', ''), 'latin1'),
      ),
    ).toBe(true);
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipMembers } from '../../server/src/sbom/gzip-members';
import { ALPINE_PACKAGES } from '../helpers/alpine-image';

const repository = join(ALPINE_PACKAGES, 'x86_64');

describe('gzip members of real Alpine files', () => {
  it('finds the three streams of every shared package and the two of its index', () => {
    for (const name of readdirSync(repository)) {
      const bytes = readFileSync(join(repository, name));
      const split = gzipMembers(bytes);
      if (!split.ok) throw new Error(`${name}: ${split.message}`);
      expect(split.members.length, name).toBe(name === 'APKINDEX.tar.gz' ? 2 : 3);
      expect(split.members[0].start).toBe(0);
      expect(split.members.at(-1)?.end).toBe(bytes.length);
      // The first member is the signature tar: one .SIGN.RSA* entry.
      expect(split.members[0].inflated.toString('latin1', 0, 9), name).toBe('.SIGN.RSA');
    }
  });

  it('keeps each boundary: a member re-read alone inflates to the same bytes', () => {
    const bytes = readFileSync(join(repository, 'zlib-1.3.1-r0.apk'));
    const split = gzipMembers(bytes);
    if (!split.ok) throw new Error(split.message);
    for (const member of split.members) {
      const alone = gzipMembers(bytes.subarray(member.start, member.end));
      expect(alone.ok && alone.members[0].inflated.equals(member.inflated)).toBe(true);
    }
  });

  it('names the member that is cut, corrupt or too large', () => {
    const bytes = readFileSync(join(repository, 'zlib-1.3.1-r0.apk'));
    const cut = gzipMembers(bytes.subarray(0, bytes.length - 100));
    expect(cut.ok ? '' : cut.message).toMatch(/^gzip member 3 is truncated or corrupt/);
    const flipped = Buffer.from(gzipSync(Buffer.from('hello world')));
    flipped[flipped.length - 8] ^= 1;
    expect(gzipMembers(flipped)).toEqual({
      ok: false,
      message: 'gzip member 1: its CRC does not match its data',
    });
    expect(gzipMembers(Buffer.from('plain text'))).toEqual({
      ok: false,
      message: 'gzip member 1: not gzip data',
    });
    expect(gzipMembers(Buffer.alloc(0))).toEqual({
      ok: false,
      message: 'empty file: no gzip data',
    });
    const bomb = gzipSync(Buffer.alloc(1 << 20));
    expect(gzipMembers(bomb, 1000)).toEqual({
      ok: false,
      message: 'gzip data inflates to more than 1000 bytes (the limit)',
    });
  });
});

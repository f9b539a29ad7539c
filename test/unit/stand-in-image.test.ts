import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/scratch';
import { isStatic } from '../helpers/stand-in-image';

// The stand-in image copies the host's /bin/busybox into a rootfs with no libc: only a static
// one can start there, so the container tests check before they build the image.
describe('isStatic, the stand-in image check of /bin/busybox', () => {
  it('tells a dynamically linked executable (it names a loader) from a static one', () => {
    expect(isStatic(process.execPath)).toBe(false); // node is linked against glibc
    expect(isStatic('/bin/ls')).toBe(false);
  });

  it.skipIf(!existsSync('/bin/busybox'))('finds busybox-static static', () => {
    // .ci/run installs busybox-static; Debian's busybox package would fail this.
    expect(isStatic('/bin/busybox')).toBe(true);
  });

  it('calls a file that is no ELF file, or a truncated one, not static', () => {
    const dir = scratchDir('static-elf');
    writeFileSync(join(dir, 'script'), '#!/bin/sh\necho hi\n');
    writeFileSync(join(dir, 'short'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]));
    expect(isStatic(join(dir, 'script'))).toBe(false);
    expect(isStatic(join(dir, 'short'))).toBe(false);
  });
});

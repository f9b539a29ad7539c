import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { elfNeeded } from '../../server/src/rebuild/elf-needed';

const work = mkdtempSync(join(tmpdir(), 'elf-needed-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** DT_NEEDED as `readelf -d` prints it: `(NEEDED)  Shared library: [libz.so.1]`. */
function readelfNeeded(path: string): string[] {
  const out = execFileSync('readelf', ['-d', path], { encoding: 'utf8' });
  return [...out.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
}

function neededOf(path: string): string[] | undefined {
  return elfNeeded(readFileSync(path))?.needed;
}

const libDir = '/usr/lib/x86_64-linux-gnu';
const machineLibraries = existsSync(libDir)
  ? readdirSync(libDir)
      .filter((name) => /^lib(ssl|crypto|curl|z|stdc\+\+|gnutls|xml2)\.so\.\d+$/.test(name))
      .map((name) => join(libDir, name))
  : [];

describe('ELF DT_NEEDED against readelf -d', () => {
  it.each(['/bin/ls', '/usr/bin/node', '/usr/bin/gcc', ...machineLibraries])('%s', (path) => {
    if (!existsSync(path)) return;
    const expected = readelfNeeded(path);
    expect(expected.length).toBeGreaterThan(0);
    expect(neededOf(path)).toEqual(expected);
  });

  it('finds libz in a program the test links with -lz, and not without it', () => {
    if (!onPath('gcc')) throw new Error('gcc is needed: apt-get install -y gcc zlib1g-dev');
    const source = join(work, 'z.c');
    writeFileSync(
      source,
      '#include <zlib.h>\n#include <stdio.h>\nint main(void){puts(zlibVersion());return 0;}\n',
    );
    const withZ = join(work, 'with-z');
    const plain = join(work, 'plain');
    execFileSync('gcc', ['-o', withZ, source, '-lz']);
    execFileSync('gcc', ['-o', plain, '-x', 'c', '-', '-Wl,--as-needed'], {
      input: 'int main(void){return 0;}\n',
    });
    expect(neededOf(withZ)).toEqual(readelfNeeded(withZ));
    expect(neededOf(withZ)).toContain('libz.so.1');
    expect(neededOf(plain)).toEqual(readelfNeeded(plain));
    expect(neededOf(plain)).not.toContain('libz.so.1');
  });

  it('gives no sonames for a static program', () => {
    const staticProgram = join(work, 'static');
    execFileSync('gcc', ['-static', '-o', staticProgram, '-x', 'c', '-'], {
      input: 'int main(void){return 0;}\n',
    });
    expect(readelfNeeded(staticProgram)).toEqual([]);
    expect(elfNeeded(readFileSync(staticProgram))).toEqual({ needed: [], warning: null });
  });

  it('reads through the section headers when there are no program headers', () => {
    const bytes = Buffer.from(readFileSync('/bin/ls'));
    bytes.writeUInt16LE(0, 56); // e_phnum of ELF64
    expect(elfNeeded(bytes)?.needed).toEqual(readelfNeeded('/bin/ls'));
  });

  it('reads through the program headers when there are no section headers', () => {
    const bytes = Buffer.from(readFileSync('/bin/ls'));
    bytes.writeUInt16LE(0, 60); // e_shnum of ELF64
    expect(elfNeeded(bytes)?.needed).toEqual(readelfNeeded('/bin/ls'));
  });
});

/** Cross binutils give 32-bit and big-endian ELF without a cross compiler: a stub and its user. */
const CROSS = [
  { triplet: 'i686-linux-gnu', what: '32-bit little-endian' },
  { triplet: 'mips-linux-gnu', what: '32-bit big-endian' },
  { triplet: 's390x-linux-gnu', what: '64-bit big-endian' },
];
const CROSS_APT =
  'apt-get install -y binutils-i686-linux-gnu binutils-mips-linux-gnu binutils-s390x-linux-gnu';

describe('ELF classes and byte orders (cross binutils)', () => {
  for (const { triplet, what } of CROSS) {
    const present = onPath(`${triplet}-as`) && onPath(`${triplet}-ld`);
    it.skipIf(!present)(`${what} (${triplet}; skipped without: ${CROSS_APT})`, () => {
      const dir = mkdtempSync(join(work, `${triplet}-`));
      const asm = join(dir, 'x.s');
      writeFileSync(asm, '.data\n.globl x\nx: .long 1\n');
      execFileSync(`${triplet}-as`, ['-o', join(dir, 'x.o'), asm]);
      const stub = join(dir, 'libstub.so.1');
      const user = join(dir, 'libuser.so.2');
      execFileSync(`${triplet}-ld`, [
        '-shared',
        '-soname',
        'libstub.so.1',
        '-o',
        stub,
        join(dir, 'x.o'),
      ]);
      execFileSync(`${triplet}-ld`, [
        '-shared',
        '-soname',
        'libuser.so.2',
        '-o',
        user,
        join(dir, 'x.o'),
        stub,
      ]);
      const bytes = readFileSync(user);
      expect(bytes[4]).toBe(what.startsWith('64') ? 2 : 1);
      expect(bytes[5]).toBe(what.includes('big') ? 2 : 1);
      expect(readelfNeeded(user)).toEqual(['libstub.so.1']);
      expect(elfNeeded(bytes)).toEqual({ needed: ['libstub.so.1'], warning: null });
      expect(elfNeeded(readFileSync(stub))).toEqual({ needed: [], warning: null });
    });
  }
});

describe('ELF reader on bad input', () => {
  it('gives null for bytes that are not ELF', () => {
    expect(elfNeeded(Buffer.from('#!/bin/sh\necho hi\n'))).toBeNull();
    expect(elfNeeded(Buffer.alloc(0))).toBeNull();
    expect(elfNeeded(Buffer.from([0x7f, 0x45]))).toBeNull();
  });

  it('warns, without throwing, on a truncated ELF file', () => {
    const head = readFileSync('/bin/ls').subarray(0, 100);
    expect(elfNeeded(head)).toEqual({
      needed: [],
      warning: 'ELF headers lie outside the file (truncated?)',
    });
  });

  it('never throws on damaged headers', () => {
    const ls = readFileSync('/bin/ls');
    for (let seed = 1; seed <= 200; seed++) {
      const bytes = Buffer.from(ls.subarray(0, 4096 + seed * 37));
      // Overwrite a few header bytes with values derived from the seed.
      for (let i = 0; i < 8; i++) bytes[16 + ((seed * 13 + i * 7) % 48)] = (seed * 31 + i) & 0xff;
      const result = elfNeeded(bytes);
      expect(result).not.toBeNull();
      expect(Array.isArray(result?.needed)).toBe(true);
    }
    expect(elfNeeded(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 9, 9]))).toEqual({
      needed: [],
      warning: 'unknown ELF class or byte order',
    });
  });
});

/**
 * compare counts a soname as a removed (or added) dependency only when something outside the
 * side that provides it needed it: a side's own `so:` provides are dropped from its needs.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSides, ownSonames, sonamesNeededOutside } from '../../server/src/rebuild/compare';
import type { CompareReport, PackageSummary } from '../../server/src/rebuild/compare-report';
import type { LoadedSide } from '../../server/src/rebuild/compare-side';
import { ALPINE_PACKAGES } from '../helpers/alpine-image';
import { runCli } from '../helpers/run-cli';

const repository = join(ALPINE_PACKAGES, 'x86_64');
const PCRE2 = 'pcre2-10.42-r2.apk';
const ZLIB = 'zlib-1.3.1-r0.apk';
const WGET = 'wget-1.21.4-r0.apk';

function summary(name: string, needed: string[], provides: string[] = []): PackageSummary {
  return {
    file: `${name}.apk`,
    name,
    version: '1-r0',
    arch: 'x86_64',
    origin: name,
    installedSize: 1,
    fileSize: 1,
    depends: [],
    provides,
    sonamesNeeded: needed,
    files: [],
  };
}

const side = (source: string, packages: PackageSummary[]): LoadedSide => ({
  side: { source, packages },
  records: [],
  apkbuild: null,
  warnings: [],
});

describe('the rule', () => {
  const lib = summary(
    'libfoo',
    ['libc.musl-x86_64.so.1', 'libfoo.so.1'],
    ['so:libfoo.so.1=1.0.0', 'so:libfoo-posix.so.2=2.0.0', 'cmd:foo=1'],
  );

  it("takes the side's own sonames from its so: provides", () => {
    expect([...ownSonames([lib])].sort()).toEqual(['libfoo-posix.so.2', 'libfoo.so.1']);
    expect(sonamesNeededOutside([lib], ownSonames([lib]))).toEqual(['libc.musl-x86_64.so.1']);
  });

  it('does not count a soname as removed when only its own side needed it', () => {
    const report = compareSides({
      original: side('a', [lib]),
      hardened: side('b', [summary('bar', ['libc.musl-x86_64.so.1'])]),
      index: null,
      reference: 'alpine-base',
      passes: null,
      prices: { default: 1, tax: 0, packages: {} },
    });
    expect(report.sonamesNeeded).toEqual({ removed: [], added: [], kept: 1 });
    expect(report.packages.find((p) => p.name === 'libfoo')?.sonamesNeeded.removed).toEqual([
      'libc.musl-x86_64.so.1',
    ]);
  });

  it('still counts it when a package of the side needs it and the side does not provide it', () => {
    const consumer = summary('app', ['libc.musl-x86_64.so.1', 'libfoo.so.1']);
    const report = compareSides({
      original: side('a', [consumer]),
      hardened: side('b', [summary('app', ['libc.musl-x86_64.so.1'])]),
      index: null,
      reference: 'alpine-base',
      passes: null,
      prices: { default: 1, tax: 0, packages: {} },
    });
    expect(report.sonamesNeeded).toEqual({ removed: ['libfoo.so.1'], added: [], kept: 1 });
  });
});

describe('apkharden compare on the real Alpine packages', () => {
  let temp: string;
  /** A folder holding copies of the named shared packages. */
  const folder = (name: string, packages: string[]): string => {
    const path = join(temp, name);
    mkdirSync(path);
    for (const pkg of packages) copyFileSync(join(repository, pkg), join(path, pkg));
    return path;
  };
  const compare = (a: string, b: string): CompareReport => {
    const run = runCli(['compare', a, b, '--format', 'json', '--keys', join(temp, 'no-keys')]);
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as CompareReport;
  };

  beforeAll(() => {
    temp = mkdtempSync(join(tmpdir(), 'compare-sonames-'));
    mkdirSync(join(temp, 'no-keys'));
  });
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it("does not report libpcre2-8.so.0 as removed when only pcre2's own library needed it", () => {
    const pcre2 = folder('pcre2', [PCRE2]);
    const zlib = folder('zlib', [ZLIB]);
    const report = compare(pcre2, zlib);
    // libpcre2-posix.so.3 needs libpcre2-8.so.0; both are pcre2's own.
    expect(report.original.packages[0].sonamesNeeded).toEqual([
      'libc.musl-x86_64.so.1',
      'libpcre2-8.so.0',
    ]);
    expect(report.sonamesNeeded).toEqual({ removed: [], added: [], kept: 1 });
    expect(report.provides.removed).toContain('so:libpcre2-8.so.0=0.11.2');

    const text = runCli(['compare', pcre2, zlib, '--keys', join(temp, 'no-keys')]);
    // Only the provides line names it (pcre2 is gone, so is what it provided).
    expect(text.stdout.match(/libpcre2-8\.so\.0.*/g)).toEqual(['libpcre2-8.so.0=0.11.2']);
    expect(text.stdout.split('\n')[2]).toBe(
      'Hardened build declares 1 dependency instead of 1 (±0)',
    );
    expect(text.stdout).toContain('sonames needed   1 -> 1 (±0)\n');
  });

  it('reports it as removed when a package outside pcre2 needed it (wget)', () => {
    const report = compare(folder('wget', [WGET]), folder('zlib-2', [ZLIB]));
    expect(report.sonamesNeeded.removed).toEqual([
      'libcrypto.so.3',
      'libidn2.so.0',
      'libpcre2-8.so.0',
      'libssl.so.3',
      'libz.so.1',
    ]);
    // Beside pcre2 on the same side, wget's need is met by the side itself.
    const together = compare(folder('wget-pcre2', [PCRE2, WGET]), folder('pcre2-2', [PCRE2]));
    expect(together.sonamesNeeded.removed).not.toContain('libpcre2-8.so.0');
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSides, listDelta } from '../../server/src/rebuild/compare';
import { formatCompareMarkdown } from '../../server/src/rebuild/compare-format-markdown';
import { formatCompareText } from '../../server/src/rebuild/compare-format-text';
import type { CompareReport } from '../../server/src/rebuild/compare-report';
import { loadSide, type LoadedSide } from '../../server/src/rebuild/compare-side';
import { invoice } from '../../server/src/rebuild/invoice';
import { indexPackages, readApkIndex } from '../../server/src/sbom';
import {
  HARDENED_DEPENDS,
  HARDENED_ELF,
  ORIGINAL_DEPENDS,
  ORIGINAL_ELF,
  writeBuild,
  writeLighttpdBuilds,
} from '../helpers/lighttpd-builds';
import { sharedRoot } from '../helpers/paths';

const v319 = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');
const prices = { default: 1, tax: 10, packages: { lighttpd: 0, 'lua5.4-libs': 2.5 } };

function readelfNeeded(path: string): string[] {
  const out = execFileSync('readelf', ['-d', path], { encoding: 'utf8' });
  return [...out.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
}

async function load(path: string): Promise<LoadedSide> {
  const side = await loadSide(path);
  if ('error' in side) throw new Error(side.error);
  return side;
}

let temp: string;
let original: LoadedSide;
let hardened: LoadedSide;
let report: CompareReport;

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'compare-'));
  const folders = await writeLighttpdBuilds(temp);
  original = await load(folders.original);
  hardened = await load(folders.hardened);
  const index = indexPackages(readApkIndex(readFileSync(v319), v319).packages);
  report = compareSides({
    original,
    hardened,
    index,
    reference: 'alpine-base',
    passes: null,
    prices,
  });
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('compare of two lighttpd builds against the v3.19.0 index', () => {
  it('installs the seed case lists: 9 packages (and -doc) before, lighttpd and pcre2 after', () => {
    expect(report.closure?.before.packages).toEqual(
      'brotli-libs gdbm libdbi libldap libsasl lighttpd lighttpd-doc lua5.4-libs pcre2 zstd-libs'.split(
        ' ',
      ),
    );
    expect(report.closure?.after.packages).toEqual(['lighttpd', 'lighttpd-doc', 'pcre2']);
    expect(report.closure?.delta).toEqual({
      removed: ['brotli-libs', 'gdbm', 'libdbi', 'libldap', 'libsasl', 'lua5.4-libs', 'zstd-libs'],
      added: [],
      kept: 3,
    });
    expect(report.closure?.before.unresolved).toEqual([]);
    expect(report.closure?.after.installedSize).toBeLessThan(
      report.closure?.before.installedSize ?? 0,
    );
  });

  it('takes the depends from the .apk, not from the index record of the same name', () => {
    const lighttpd = report.packages.find((p) => p.name === 'lighttpd');
    expect(lighttpd?.presence).toBe('both');
    expect(lighttpd?.depends.removed).toEqual(
      ORIGINAL_DEPENDS.filter(
        (d) => !['/bin/sh', 'so:libc.musl-x86_64.so.1', 'so:libpcre2-8.so.0'].includes(d),
      ).sort(),
    );
    expect(report.depends.added).toEqual([]);
  });

  it('reads the sonames the ELF files need, as readelf -d does', () => {
    const before = readelfNeeded(ORIGINAL_ELF);
    const after = readelfNeeded(HARDENED_ELF);
    expect(report.sonamesNeeded).toEqual(listDelta(before, after));
    expect(original.side.packages.find((p) => p.name === 'lighttpd')?.sonamesNeeded).toEqual(
      [...new Set(before)].sort(),
    );
  });

  it('reports sizes and the file list delta', () => {
    expect(report.installedSize).toEqual({ before: 2 * 5_180_000, after: 2 * 3_770_000 });
    expect(report.fileCount).toEqual({ before: 5, after: 3 });
    const lighttpd = report.packages.find((p) => p.name === 'lighttpd');
    expect(lighttpd?.files).toEqual({
      removed: ['usr/lib/lighttpd/mod_authn_ldap.so', 'usr/lib/lighttpd/mod_magnet.so'],
      added: [],
      kept: 2,
    });
  });

  it('prices the install closure with the profile table and its tax', () => {
    expect(report.cost.basis).toBe('install-closure');
    // 10 components: lighttpd free, lua5.4-libs 2.5, the other 8 at 1.
    expect(report.cost.before.subtotal).toBe(10.5);
    expect(report.cost.before.tax).toBe(1.05);
    expect(report.cost.before.total).toBe(11.55);
    expect(report.cost.after.lines).toEqual([
      { component: 'lighttpd', price: 0 },
      { component: 'lighttpd-doc', price: 1 },
      { component: 'pcre2', price: 1 },
    ]);
    expect(report.cost.after.total).toBe(2.2);
  });

  it('prints the Markdown summary line first and the text form aligned', () => {
    const markdown = formatCompareMarkdown(report);
    expect(markdown.split('\n')[0]).toMatch(
      /^\*\*apk add lighttpd installs 2 packages instead of 9 \(-7\); removed sonames: /,
    );
    // The seed's figure (apk add lighttpd: 9 -> 2) and the whole build's, each labelled.
    expect(markdown).toContain('| install closure, apk add lighttpd | 9 -> 2 (-7) |');
    expect(markdown).toContain('| install closure, every package built | 10 -> 3 (-7) |');
    expect(markdown).toContain('| **total** | **11.55** | **2.20** |');
    const text = formatCompareText(report);
    expect(text).toContain('install closure  9 -> 2 (-7), apk add lighttpd\n  - brotli-libs\n');
    expect(text).toContain('all packages     10 -> 3 (-7), apk add of every package built\n');
    expect(report.closure?.main?.package).toBe('lighttpd');
    expect(report.closure?.main?.after.packages).toEqual(['lighttpd', 'pcre2']);
    expect(text).toContain('cost (install-closure)');
  });
});

describe('compare with a dependency no index provides', () => {
  it('lists it as unresolved on that side, never guessed', async () => {
    const folder = join(temp, 'community-dep');
    await writeBuild(folder, {
      depends: [...HARDENED_DEPENDS, 'so:libnot-in-main.so.9'],
      size: 1000,
      files: [{ name: 'usr/sbin/lighttpd', data: 'x' }],
    });
    const index = indexPackages(readApkIndex(readFileSync(v319), v319).packages);
    const side = await load(folder);
    const result = compareSides({
      original,
      hardened: side,
      index,
      reference: 'alpine-base',
      passes: null,
      prices,
    });
    expect(result.closure?.after.unresolved).toEqual([
      'so:libnot-in-main.so.9 (needed by lighttpd)',
    ]);
    expect(result.closure?.after.packages).toEqual(['lighttpd', 'pcre2']);
    expect(formatCompareText(result)).toContain(
      '  unresolved after: so:libnot-in-main.so.9 (needed by lighttpd)\n',
    );
  });
});

describe('compare without an index', () => {
  it('prices the union of depends and says so', () => {
    const plain = compareSides({
      original,
      hardened,
      index: null,
      reference: 'alpine-base',
      passes: null,
      prices: { default: 1, tax: 0, packages: {} },
    });
    expect(plain.closure).toBeNull();
    expect(plain.cost.basis).toBe('depends');
    expect(plain.cost.before.total).toBe(ORIGINAL_DEPENDS.length);
    expect(plain.cost.after.lines.map((l) => l.component)).toEqual([
      '/bin/sh',
      'so:libc.musl-x86_64.so.1',
      'so:libpcre2-8.so.0',
    ]);
    expect(formatCompareMarkdown(plain).split('\n')[0]).toMatch(
      /^\*\*Hardened build declares 3 dependencies instead of 12 \(-9\)/,
    );
  });
});

describe('invoice', () => {
  it('rounds to cents and keeps one line per component', () => {
    const bill = invoice(['b', 'a', 'b', 'c'], { default: 0.1, tax: 0, packages: { c: 0.2 } });
    expect(bill).toEqual({
      lines: [
        { component: 'a', price: 0.1 },
        { component: 'b', price: 0.1 },
        { component: 'c', price: 0.2 },
      ],
      subtotal: 0.4,
      taxPercent: 0,
      tax: 0,
      total: 0.4,
    });
  });
});

describe('loadSide', () => {
  it('names an input that is missing or holds no packages', async () => {
    expect(await loadSide(join(temp, 'nope'))).toEqual({
      error: `${join(temp, 'nope')}: cannot read: no such file or folder`,
    });
    const empty = mkdtempSync(join(temp, 'empty-'));
    expect(await loadSide(empty)).toEqual({ error: `${empty}: no .apk files in this folder` });
  });
});

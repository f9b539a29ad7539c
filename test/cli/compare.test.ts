import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareReport } from '../../server/src/rebuild/compare-report';
import { writeLighttpdBuilds } from '../helpers/lighttpd-builds';
import { corpusRoot, lighttpdExample, sharedRoot } from '../helpers/paths';
import { hardenedExample, runCli, type CliResult } from '../helpers/run-cli';

const aports = join(corpusRoot, 'aports');
const v319 = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');
/** What the seed profile's hardening takes out of lighttpd's build passes. */
const DROPPED = ['openldap', 'cyrus-sasl', 'heimdal', 'e2fsprogs'];

let temp: string;
let original: string;
let hardened: string;

/** The CLI with its cache folder (the aports index cache) in this test's scratch folder. */
const cli = (args: string[]): CliResult =>
  runCli(args, { env: { ...process.env, XDG_CACHE_HOME: temp } });

function compareJson(args: string[]): CompareReport {
  const run = cli(['compare', original, hardened, '--format', 'json', ...args]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as CompareReport;
}

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'compare-cli-'));
  ({ original, hardened } = await writeLighttpdBuilds(temp));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('apkharden compare', () => {
  it('prints the CompareReport as JSON, with the closures of the index', () => {
    const report = compareJson(['--index', v319]);
    expect(report.schema).toBe('apkbuild-hardening/compare-report/1');
    expect(report.original.packages.map((p) => p.name)).toEqual(['lighttpd', 'lighttpd-doc']);
    expect(report.closure?.after.packages).toEqual(['lighttpd', 'lighttpd-doc', 'pcre2']);
    expect(report.closure?.delta.removed).toEqual([
      'brotli-libs',
      'gdbm',
      'libdbi',
      'libldap',
      'libsasl',
      'lua5.4-libs',
      'zstd-libs',
    ]);
    expect(report.cost.basis).toBe('install-closure');
    expect(report.passes).toBeNull();
  });

  it('prices from the profile given with --profile', () => {
    const profile = join(temp, 'prices.yaml');
    writeFileSync(profile, 'prices:\n  default: 2\n  tax: 50\n  packages:\n    pcre2: 4\n');
    const report = compareJson(['--index', v319, '--profile', profile]);
    // lighttpd 2 + lighttpd-doc 2 + pcre2 4 = 8, plus 50%.
    expect(report.cost.after).toMatchObject({ subtotal: 8, taxPercent: 50, tax: 4, total: 12 });
  });

  it('adds the build passes of the APKBUILD beside each side with --aports', () => {
    writeFileSync(join(original, 'APKBUILD'), readFileSync(lighttpdExample));
    writeFileSync(join(hardened, 'APKBUILD'), hardenedExample());
    const report = compareJson(['--aports', aports]);
    const before = report.passes?.before.flat() ?? [];
    const after = report.passes?.after.flat() ?? [];
    for (const origin of DROPPED) {
      expect(before, origin).toContain(origin);
      expect(after, origin).not.toContain(origin);
    }
    expect(report.passes?.delta.removed).toEqual(expect.arrayContaining(DROPPED));
    expect(report.cost.basis).toBe('build-passes');
    expect(report.warnings).toEqual([]);
  });

  it('prints text by default and Markdown with --format markdown', () => {
    const text = cli(['compare', original, hardened, '--index', v319]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('install closure  9 -> 2 (-7), apk add lighttpd\n');
    expect(text.stdout).toContain(
      'all packages     10 -> 3 (-7), apk add of every package built\n',
    );
    const markdown = cli(['compare', original, hardened, '--format', 'markdown']);
    expect(markdown.status, markdown.stderr).toBe(0);
    expect(markdown.stdout.split('\n')[0]).toMatch(/^\*\*Hardened build declares /);
  });

  it('exits 2 naming an unreadable input, without a stack trace', () => {
    const truncated = join(temp, 'truncated.apk');
    const bytes = readFileSync(join(original, 'lighttpd-1.4.73-r0.apk'));
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 200));
    const run = cli(['compare', truncated, hardened]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`${truncated}: truncated gzip stream\n`);
    expect(run.stdout).toBe('');

    const missing = cli(['compare', join(temp, 'missing'), hardened]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`${join(temp, 'missing')}: cannot read: no such file or folder\n`);
  });

  it('exits 2 on a usage error', () => {
    const one = cli(['compare', original]);
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/^apkharden: compare needs two inputs/);
    const format = cli(['compare', original, hardened, '--format', 'yaml']);
    expect(format.status).toBe(2);
    expect(format.stderr).toMatch(/unknown --format 'yaml'/);
  });
});

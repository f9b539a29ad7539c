import * as fs from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusRoot, sharedRoot } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';
import { scratchDir } from '../helpers/scratch';

/**
 * `check --index` and `--aports`: a makedepend that another one brings is not removable, and the
 * finding says which package keeps it; fix applies verified fixes only. Real inputs: the signed
 * v3.19 APKINDEX of ../shared and the corpus tree.
 */
const INDEX = join(sharedRoot, 'apkindex', 'v3.19.0-main-x86_64', 'APKINDEX.tar.gz');
const TREE = join(corpusRoot, 'aports');

/** An HTTP server (said by the profile's build knowledge) that links curl and OpenSSL. */
const APKBUILD = [
  '# Maintainer: A Packager <a@example.org>',
  'pkgname=myhttpd',
  'pkgver=1.0',
  'pkgrel=0',
  'pkgdesc="test"',
  'url="https://example.org"',
  'arch="all"',
  'license="MIT"',
  'makedepends="curl-dev openssl-dev"',
  'source=""',
  'build() {',
  '\t./configure --build=$CBUILD --host=$CHOST --with-openssl',
  '}',
  'package() {',
  '\tmake DESTDIR="$pkgdir" install',
  '}',
  '',
].join('\n');
const PROFILE =
  'extends: kubernetes\nknowledge:\n  packages:\n    myhttpd: { role: http-server }\n';

let file: string;
beforeAll(() => {
  const dir = join(scratchDir('check-sources-'), 'myhttpd');
  fs.mkdirSync(dir, { recursive: true });
  file = join(dir, 'APKBUILD');
  fs.writeFileSync(file, APKBUILD);
  fs.writeFileSync(join(dir, '.apkharden.yaml'), PROFILE);
});

interface JsonFinding {
  code: string;
  subject: string;
  verified: boolean;
  advice: string | null;
  message: string;
}
const findings = (stdout: string): JsonFinding[] =>
  (JSON.parse(stdout) as { findings: JsonFinding[] }[])[0].findings;

describe('check --index and --aports', () => {
  it('without either, takes openssl-dev out with the TLS switch', () => {
    const run = runCli(['check', '--format', 'json', file]);
    expect(run.status, run.stderr).toBe(1);
    expect(findings(run.stdout).map((f) => [f.code, f.subject, f.verified])).toEqual([
      ['harden/removable-makedepend', 'openssl-dev', true],
      ['harden/removable-option', '--with-openssl', true],
    ]);
  });

  it('with the v3.19 index, keeps openssl-dev because curl-dev brings it, and says so', () => {
    const run = runCli(['check', '--format', 'json', '--index', INDEX, file]);
    expect(run.status, run.stderr).toBe(1);
    const found = findings(run.stdout);
    expect(found.map((f) => [f.code, f.subject, f.verified])).toEqual([
      ['harden/kept-makedepend', 'openssl-dev', false],
      ['harden/removable-option', '--with-openssl', true],
    ]);
    expect(found[0].advice).toBe(
      'curl-dev brings openssl-dev in, so removing it from makedepends removes nothing',
    );
    expect(found[1].message).toMatch(/openssl-dev stays: curl-dev brings it in\./);
    // fix keeps the makedepend and still switches TLS off.
    const fix = runCli(['fix', '--index', INDEX, file]);
    expect(fix.status, fix.stderr).toBe(0);
    expect(fix.stdout).toContain('makedepends="curl-dev openssl-dev"');
    expect(fix.stdout).toContain('--without-openssl');
  });

  it("with only the aports tree, tells the same from curl's depends_dev", () => {
    const run = runCli(['check', '--format', 'json', '--aports', TREE, file]);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/indexed \d+ aports/);
    expect(findings(run.stdout).map((f) => f.code)).toEqual([
      'harden/kept-makedepend',
      'harden/removable-option',
    ]);
  }, 60_000);

  it('names an input it cannot read and exits 2', () => {
    const missing = runCli(['check', '--index', '/nonexistent/APKINDEX.tar.gz', file]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('/nonexistent/APKINDEX.tar.gz: cannot read: no such file');
    const notFolder = runCli(['check', '--aports', file, file]);
    expect(notFolder.status).toBe(2);
    expect(notFolder.stderr).toContain(`${file}: cannot read: not a folder`);
  });
});

describe('fix applies verified fixes only', () => {
  it('leaves advice as written and says how much there was', () => {
    // A ./configure with no mark of autoconf: whether it takes --without-openssl is not known.
    const dir = join(scratchDir('fix-advice-'), 'myhttpd');
    fs.mkdirSync(dir, { recursive: true });
    const text = APKBUILD.replace('--build=$CBUILD --host=$CHOST ', '');
    fs.writeFileSync(join(dir, 'APKBUILD'), text);
    fs.writeFileSync(join(dir, '.apkharden.yaml'), PROFILE);
    const check = runCli(['check', join(dir, 'APKBUILD')]);
    expect(check.stdout).toMatch(
      /2 findings: 1 option, 1 makedepends, 0 subpackages; 2 advice only/,
    );
    expect(check.stdout).toMatch(
      /Advice only, no fix is applied: this \.\/configure is not known to be GNU autoconf's/,
    );
    // SARIF says the same: a note, not a warning, with the reason in its properties.
    const sarif = JSON.parse(
      runCli(['check', '--format', 'sarif', join(dir, 'APKBUILD')]).stdout,
    ) as {
      runs: {
        results: {
          ruleId: string;
          level: string;
          properties: { verified: boolean; advice: string };
        }[];
      }[];
    };
    const results = sarif.runs[0].results;
    expect(results.map((r) => [r.ruleId, r.level, r.properties.verified])).toEqual([
      ['harden/removable-makedepend', 'note', false],
      ['harden/removable-option', 'note', false],
    ]);
    expect(results[1].properties.advice).toMatch(/not known to be GNU autoconf/);
    const fix = runCli(['fix', '--write', join(dir, 'APKBUILD')]);
    expect(fix.status, fix.stderr).toBe(0);
    expect(fix.stderr).toContain('nothing to fix');
    expect(fs.readFileSync(join(dir, 'APKBUILD'), 'utf8')).toBe(text);
  });
});

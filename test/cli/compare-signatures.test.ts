/**
 * compare verifies the signature of every input package against a keys folder and says which
 * are unsigned, signed by an unknown key, or altered; without keys it says none were checked.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareReport } from '../../server/src/rebuild/compare-report';
import { gzipMembers } from '../../server/src/sbom/gzip-members';
import { ALPINE_PACKAGES } from '../helpers/alpine-image';
import { extractAlpineKeys } from '../helpers/alpine-keys';
import { makeTestKey, resign, withoutSignature } from '../helpers/apk-signer';
import { runCli } from '../helpers/run-cli';

const repository = join(ALPINE_PACKAGES, 'x86_64');
const KEY = 'alpine-devel@lists.alpinelinux.org-6165ee59.rsa.pub';
const OTHER = 'builder@example.org-0badc0de.rsa.pub';

let temp: string;
let keys: string;
let original: string;
let hardened: string;

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'compare-signatures-'));
  keys = join(temp, 'keys');
  await extractAlpineKeys(keys);
  original = join(temp, 'original');
  hardened = join(temp, 'hardened');
  mkdirSync(original);
  mkdirSync(hardened);
  for (const name of ['pcre2-10.42-r2.apk', 'zlib-1.3.1-r0.apk', 'wget-1.21.4-r0.apk'])
    copyFileSync(join(repository, name), join(original, name));
  const read = (name: string): Buffer => readFileSync(join(repository, name));
  // Hardened: pcre2 re-signed by a key the image does not trust, zlib with one byte of its
  // data stream changed, wget without its signature.
  writeFileSync(
    join(hardened, 'pcre2-10.42-r2.apk'),
    await resign(read('pcre2-10.42-r2.apk'), makeTestKey(OTHER)),
  );
  const zlib = Buffer.from(read('zlib-1.3.1-r0.apk'));
  const split = gzipMembers(zlib);
  if (!split.ok) throw new Error(split.message);
  zlib[split.members[2].start + 4] ^= 0x01;
  writeFileSync(join(hardened, 'zlib-1.3.1-r0.apk'), zlib);
  writeFileSync(join(hardened, 'wget-1.21.4-r0.apk'), withoutSignature(read('wget-1.21.4-r0.apk')));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('apkharden compare --keys', () => {
  it('gives each input package its verdict in the JSON report', () => {
    const run = runCli(['compare', original, hardened, '--keys', keys, '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as CompareReport;
    expect(report.signatures).toEqual({
      keys,
      notChecked: null,
      counts: { verified: 3, unsigned: 1, 'unknown-key': 1, altered: 1, unreadable: 0 },
      indexes: [],
    });
    for (const p of report.original.packages)
      expect(p.signature, p.file).toEqual({ status: 'verified', key: KEY, digest: 'sha1' });
    const verdicts = Object.fromEntries(report.hardened.packages.map((p) => [p.name, p.signature]));
    expect(verdicts.pcre2).toEqual({ status: 'unknown-key', keys: [OTHER] });
    expect(verdicts.zlib).toMatchObject({ status: 'altered', parts: ['datahash'] });
    expect(verdicts.wget).toEqual({ status: 'unsigned' });
  });

  it('names the unsigned, unknown-key and altered inputs in text and Markdown', () => {
    const text = runCli(['compare', original, hardened, '--keys', keys]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      `signatures       3 verified, 1 unsigned, 1 unknown key, 1 altered (keys ${keys})\n`,
    );
    expect(text.stdout).toContain(
      `  ${join(hardened, 'pcre2-10.42-r2.apk')}: unknown key: signed by ${OTHER}, which is not in ${keys}\n`,
    );
    expect(text.stdout).toContain(
      `  ${join(hardened, 'wget-1.21.4-r0.apk')}: unsigned: no signature`,
    );
    expect(text.stdout).toMatch(
      new RegExp(
        `  ${join(hardened, 'zlib-1\\.3\\.1-r0\\.apk')}: altered: \\.PKGINFO datahash [0-9a-f]{64} does not match`,
      ),
    );

    const markdown = runCli([
      'compare',
      original,
      hardened,
      '--keys',
      keys,
      '--format',
      'markdown',
    ]);
    expect(markdown.status, markdown.stderr).toBe(0);
    expect(markdown.stdout).toContain(
      '| signatures | 3 verified, 1 unsigned, 1 unknown key, 1 altered (keys ',
    );
    expect(markdown.stdout).toContain('**Inputs whose signature does not verify:**');
    expect(markdown.stdout).toMatch(/^- .*wget-1\.21\.4-r0\.apk: unsigned: no signature/m);
  });

  it('verifies the --index files too', async () => {
    const index = join(repository, 'APKINDEX.tar.gz');
    const resigned = join(temp, 'APKINDEX-resigned.tar.gz');
    writeFileSync(resigned, await resign(readFileSync(index), makeTestKey(OTHER), { whole: true }));
    const args = ['compare', original, hardened, '--keys', keys, '--index', index];
    const run = runCli([...args, '--index', resigned, '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as CompareReport;
    expect(report.signatures?.indexes).toEqual([
      { file: index, kind: 'index', verdict: { status: 'verified', key: KEY, digest: 'sha1' } },
      { file: resigned, kind: 'index', verdict: { status: 'unknown-key', keys: [OTHER] } },
    ]);
    const text = runCli([...args, '--index', resigned]);
    expect(text.stdout).toContain('; indexes: 1 of 2 verified (keys ');
    expect(text.stdout).toContain(
      `  ${resigned}: unknown key: signed by ${OTHER}, which is not in ${keys}\n`,
    );
  });

  it('says signatures were not checked when there is no keys folder, and exits 2 on a bad --keys', () => {
    if (!existsSync('/etc/apk/keys')) {
      const run = runCli(['compare', original, hardened, '--format', 'json']);
      expect(run.status, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as CompareReport;
      expect(report.signatures?.keys).toBeNull();
      expect(report.signatures?.notChecked).toBe(
        'signatures were not checked: no keys folder (/etc/apk/keys does not exist here; give --keys DIR)',
      );
      expect(report.hardened.packages.every((p) => p.signature === undefined)).toBe(true);
      const text = runCli(['compare', original, hardened]);
      expect(text.stdout).toContain('signatures       signatures were not checked: no keys folder');
    }
    const missing = runCli(['compare', original, hardened, '--keys', join(temp, 'nowhere')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`${join(temp, 'nowhere')}: no such keys folder\n`);
  });
});

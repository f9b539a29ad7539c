import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyJsonFile } from '../../server/src/cli/verify-command';
import { gzipMembers } from '../../server/src/sbom/gzip-members';
import { ALPINE_PACKAGES } from '../helpers/alpine-image';
import { extractAlpineKeys } from '../helpers/alpine-keys';
import { makeTestKey, resign, withoutSignature } from '../helpers/apk-signer';
import { runCli } from '../helpers/run-cli';

const repository = join(ALPINE_PACKAGES, 'x86_64');
const KEY = 'alpine-devel@lists.alpinelinux.org-6165ee59.rsa.pub';

let temp: string;
let keys: string;
const real = (name: string): string => join(repository, name);

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'verify-cli-'));
  keys = join(temp, 'keys');
  await extractAlpineKeys(keys);
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A copy of zlib's package with one byte of its data stream's gzip header changed. */
function alteredZlib(): string {
  const bytes = Buffer.from(readFileSync(real('zlib-1.3.1-r0.apk')));
  const split = gzipMembers(bytes);
  if (!split.ok) throw new Error(split.message);
  bytes[split.members[2].start + 5] ^= 0x01;
  const path = join(temp, 'zlib-altered.apk');
  writeFileSync(path, bytes);
  return path;
}

describe('apkharden verify', () => {
  it('exits 0 when every file verifies, one line a file naming the key', () => {
    const files = [real('pcre2-10.42-r2.apk'), real('APKINDEX.tar.gz')];
    const run = runCli(['verify', '--keys', keys, ...files]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      files.map((f) => `${f}: verified: signed by ${KEY} (RSA/SHA-1)\n`).join(''),
    );
  });

  it('exits 1 naming each file that is altered, unsigned or signed by an unknown key', async () => {
    const altered = alteredZlib();
    const unsigned = join(temp, 'pcre2-unsigned.apk');
    writeFileSync(unsigned, withoutSignature(readFileSync(real('pcre2-10.42-r2.apk'))));
    const other = makeTestKey('someone@example.org-5f5f5f5f.rsa.pub');
    const resigned = join(temp, 'pcre2-resigned.apk');
    writeFileSync(resigned, await resign(readFileSync(real('pcre2-10.42-r2.apk')), other));

    const run = runCli([
      'verify',
      '--keys',
      keys,
      real('zlib-1.3.1-r0.apk'),
      altered,
      unsigned,
      resigned,
    ]);
    expect(run.status).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${real('zlib-1.3.1-r0.apk')}: verified: signed by ${KEY} (RSA/SHA-1)`);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${altered}: altered: \\.PKGINFO datahash [0-9a-f]{64} does not match the data stream`,
      ),
    );
    expect(lines[2]).toBe(`${unsigned}: unsigned: no signature (.SIGN.* entry)`);
    expect(lines[3]).toBe(
      `${resigned}: unknown key: signed by someone@example.org-5f5f5f5f.rsa.pub, which is not in ${keys}`,
    );

    const json = runCli(['verify', '--keys', keys, '--format', 'json', altered, resigned]);
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout) as { keys: string; files: VerifyJsonFile[] };
    expect(report.keys).toBe(keys);
    expect(report.files.map((f) => [f.file, f.kind, f.label])).toEqual([
      [altered, 'package', 'altered'],
      [resigned, 'package', 'unknown key'],
    ]);
    expect(report.files[0].verdict).toMatchObject({ status: 'altered', parts: ['datahash'] });
  });

  it('verifies every package and index of a repository folder', () => {
    const run = runCli(['verify', '--keys', keys, ALPINE_PACKAGES]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[0]).toBe(`${real('APKINDEX.tar.gz')}: verified: signed by ${KEY} (RSA/SHA-1)`);
    expect(lines.every((line) => line.includes(': verified: signed by '))).toBe(true);
    const empty = runCli(['verify', '--keys', keys, keys]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toBe(`${keys}: no .apk files or APKINDEX.tar.gz in this folder\n`);
  });

  it('exits 2 on a truncated file, still reporting the others', () => {
    const bytes = readFileSync(real('wget-1.21.4-r0.apk'));
    const truncated = join(temp, 'wget-truncated.apk');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const run = runCli(['verify', '--keys', keys, truncated, real('wget-1.21.4-r0.apk')]);
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(
      new RegExp(`^${truncated}: unreadable: gzip member 3 is truncated or corrupt`),
    );
    expect(run.stdout).toContain(`${real('wget-1.21.4-r0.apk')}: verified`);
  });

  it('exits 2 on a usage error or a keys folder that is not there', () => {
    const none = runCli(['verify', '--keys', keys]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^apkharden: verify needs at least one \.apk package/);
    const format = runCli([
      'verify',
      '--keys',
      keys,
      '--format',
      'yaml',
      real('zlib-1.3.1-r0.apk'),
    ]);
    expect(format.status).toBe(2);
    expect(format.stderr).toMatch(/unknown --format 'yaml' \(one of text, json\)/);
    const missing = runCli(['verify', '--keys', join(temp, 'nowhere'), real('zlib-1.3.1-r0.apk')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`${join(temp, 'nowhere')}: no such keys folder\n`);
    expect(missing.stdout).toBe('');
  });

  it('is in the help text', () => {
    const help = runCli(['--help']);
    expect(help.stdout).toContain('  verify FILE...');
    expect(help.stdout).toContain('--keys DIR       the trusted public keys');
  });
});

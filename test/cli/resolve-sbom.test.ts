/**
 * SBOMs in and out of `apkharden resolve`, `check` and `compare`: what resolve writes is valid
 * CycloneDX 1.6 (the official schema) and follows the SPDX 2.3 rules, and reads back through
 * `--sbom` to the same closure; real SBOMs of syft and trivy are read as package inputs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, lighttpdExample, requireShared, sharedRoot } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';
import { samplePath } from '../helpers/sbom-samples';
import { cycloneDx16, spdx23 } from '../helpers/sbom-schemas';

const v319 = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');

interface ClosureJson {
  closure: {
    added: string[];
    installIfAdded: string[];
    reference: string[];
    unresolved: unknown[];
  } | null;
  secondary: Record<string, Record<string, string[]>> | null;
  passes: { pass: number; origins: string[] }[];
  notes: string[];
}

let temp: string;
const written: Record<'cyclonedx' | 'spdx', string> = { cyclonedx: '', spdx: '' };

function resolve(args: string[]): { json: ClosureJson; stderr: string } {
  const run = runCli(['resolve', '--format', 'json', ...args]);
  expect(run.status, run.stderr).toBe(0);
  return { json: JSON.parse(run.stdout) as ClosureJson, stderr: run.stderr };
}

beforeAll(() => {
  requireShared();
  temp = mkdtempSync(join(tmpdir(), 'apkharden-resolve-sbom-'));
  for (const format of ['cyclonedx', 'spdx'] as const) {
    const run = runCli(['resolve', lighttpdExample, '--index', v319, '--format', format]);
    expect(run.status, run.stderr).toBe(0);
    written[format] = join(temp, `lighttpd.${format}.json`);
    writeFileSync(written[format], run.stdout);
  }
});

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

describe('SBOMs written by resolve', () => {
  it('are valid CycloneDX 1.6 and SPDX 2.3', () => {
    const cyclonedx = runCli([
      'resolve',
      lighttpdExample,
      '--index',
      v319,
      '--format',
      'cyclonedx',
    ]);
    expect(cycloneDx16(JSON.parse(cyclonedx.stdout))).toEqual([]);
    const spdx = runCli(['resolve', lighttpdExample, '--index', v319, '--format', 'spdx']);
    expect(spdx23(JSON.parse(spdx.stdout))).toEqual([]);
  });

  it('read back through --sbom to the same closure, install_if and runtime map', () => {
    const original = resolve([lighttpdExample, '--index', v319]).json;
    for (const format of ['cyclonedx', 'spdx'] as const) {
      const { json } = resolve([lighttpdExample, '--sbom', written[format]]);
      expect(json.closure?.added, format).toEqual(original.closure?.added);
      // The same set; the order chosen differs: the index offers three /bin/sh providers (a
      // choice, settled last, as apk does), the SBOM only the one installed.
      expect([...(json.closure?.reference ?? [])].sort(), format).toEqual(
        [...(original.closure?.reference ?? [])].sort(),
      );
      expect(json.closure?.unresolved, format).toEqual([]);
      // The apk tokens (D:, p:, i:) travel as CycloneDX properties and SPDX annotations, so
      // the runtime map keeps its sonames and install_if still adds lighttpd-openrc.
      expect(json.secondary, format).toEqual(original.secondary);
      expect(json.closure?.installIfAdded, format).toEqual(['lighttpd-openrc']);
      // The document holds the closure, not openssl's own package: the passes stop at 1, and
      // resolve says why.
      expect(json.passes[0].origins, format).toEqual(original.passes[0].origins);
      expect(json.notes.join(' '), format).toMatch(/later passes may be missing/);
    }
  });
});

describe('SBOMs of other tools as package inputs', () => {
  it("reads trivy's SPDX of alpine:3.15, taking each package's origin from its sourceInfo", () => {
    const { json, stderr } = resolve([
      corpusFile('main/apk-tools/APKBUILD'),
      '--sbom',
      samplePath('trivy', 'docs-trivy.spdx.json'),
    ]);
    expect(json.closure?.added).toEqual(
      expect.arrayContaining(['apk-tools', 'libcrypto1.1', 'libssl1.1', 'zlib']),
    );
    // Edges without sonames still name the origins apk-tools links from.
    expect(Object.keys(json.secondary ?? {})).toContain('openssl');
    expect(stderr).toContain('--reference alpine-base: the index has no such package');
    expect(stderr).toMatch(
      /the packages given hold no build-base, so which libraries .* is not judged/,
    );
  });

  it('lets check judge a makedepend with an installed db as its index', () => {
    const run = runCli([
      'check',
      '--format',
      'json',
      '--sbom',
      samplePath('syft', 'syft_pkg_cataloger_alpine_testdata_multiple-2_lib_apk_db_installed'),
      lighttpdExample,
    ]);
    expect(run.status, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout)).toBeDefined();
  });

  it('takes a bomres desired-SBOM list as more of the reference image', () => {
    const list = samplePath('bomres', 'tools_base_os_alpine_build_config_packages');
    const run = runCli(['resolve', lighttpdExample, '--index', v319, '--sbom', list]);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      '# lighttpd 1.4.71-r0: runtime passes on alpine-base and the 8 packages of the desired SBOM',
    );
    // python3 of that image links openssl too: said beside lighttpd's reason.
    expect(lines.find((l) => l.startsWith('openssl  #'))).toMatch(/python3 \(libcrypto/);
    const { json } = resolve([lighttpdExample, '--index', v319, '--sbom', list]);
    // The image has bash, curl, python3...: ncurses and gdbm are in it, not added by lighttpd.
    expect(json.closure?.reference).toEqual(expect.arrayContaining(['bash', 'curl', 'python3']));
    expect(json.closure?.added).not.toContain('gdbm');
  });

  it('names the file and the problem of an SBOM it cannot use, and exits 2', () => {
    const snipped = samplePath('trivy', 'docs-trivy-alpine315.cdx.json');
    const run = runCli(['resolve', lighttpdExample, '--sbom', snipped]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${snipped}: no Alpine package in this cyclonedx-json SBOM`);
    expect(run.stderr).toMatch(/not JSON/);
    const missing = join(temp, 'missing.cdx.json');
    const gone = runCli(['check', '--sbom', missing, lighttpdExample]);
    expect(gone.status).toBe(2);
    expect(gone.stderr).toContain(missing);
    const compare = runCli(['compare', lighttpdExample, lighttpdExample, '--sbom', missing]);
    expect(compare.status).toBe(2);
    expect(compare.stderr).toContain(missing);
  });
});

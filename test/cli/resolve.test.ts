import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  corpusFile,
  corpusRoot,
  lighttpdExample,
  requireShared,
  sharedRoot,
} from '../helpers/paths';
import { hardenedExample, runCli, type CliResult } from '../helpers/run-cli';

const aports = join(corpusRoot, 'aports');
const v319 = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');
/** What lighttpd 1.4.73-r0 of v3.19.0 adds to alpine-base. */
const ADDED = 'brotli-libs gdbm libdbi libldap libsasl lighttpd lua5.4-libs pcre2 zstd-libs';
const DROPPED = ['openldap', 'cyrus-sasl', 'heimdal', 'e2fsprogs'];

/** The temporary folder of these runs: the CLI keeps its aports index cache there. */
let temp: string;
/** The first run's stderr: it indexed the corpus, with an empty cache. */
let firstStderr: string;
let corpusJson: ResolveJson;

/** The CLI with its temp folder (the index cache) in this test's scratch folder. */
const cli = (args: string[]): CliResult => runCli(args, { env: { ...process.env, TMPDIR: temp } });

interface ResolveJson {
  package: string;
  passes: { pass: number; origins: string[] }[];
  cycles: string[][];
  unresolved: { name: string; neededBy: string }[];
  closure: { added: string[]; whole: string[]; installedSize: number } | null;
  secondary: Record<string, Record<string, string[]>> | null;
}

function resolveJson(args: string[]): ResolveJson {
  const run = cli(['resolve', '--format', 'json', ...args]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as ResolveJson;
}

const passOf = (json: ResolveJson, origin: string): number =>
  json.passes.find((p) => p.origins.includes(origin))?.pass ?? 0;

beforeAll(() => {
  requireShared();
  temp = mkdtempSync(join(tmpdir(), 'apkharden-resolve-test-'));
  const run = cli(['resolve', '--format', 'json', corpusFile('main/lighttpd'), '--index', v319]);
  expect(run.status, run.stderr).toBe(0);
  firstStderr = run.stderr;
  corpusJson = JSON.parse(run.stdout) as ResolveJson;
});

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

/** The passes, closure and runtime map every lighttpd of the corpus's makedepends gives. */
function expectLighttpd(json: ResolveJson): void {
  expect(json.package).toBe('lighttpd');
  expect(passOf(json, 'openldap')).toBe(1);
  for (const origin of ['cyrus-sasl', 'heimdal', 'e2fsprogs'])
    expect(passOf(json, origin)).toBeGreaterThan(1);
  // The corpus has lighttpd 1.4.77, the index 1.4.73: the closure is the index's, by name.
  expect(json.closure?.added.slice().sort()).toEqual(ADDED.split(' '));
  expect(json.closure?.whole).toEqual(expect.arrayContaining(['alpine-base', 'musl', 'libldap']));
  expect(json.closure?.installedSize).toBeGreaterThan(0);
  expect(json.secondary?.openldap?.lighttpd).toEqual(['liblber.so.2', 'libldap.so.2']);
}

describe('apkharden resolve', () => {
  it('indexes the tree of the APKBUILD once, then takes it from the cache', () => {
    expect(firstStderr).toMatch(/^indexed 11963 aports in \d+ ms \(0 from cache\)$/m);
    const again = cli(['resolve', corpusFile('main/lighttpd/APKBUILD')]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^indexed 11963 aports in \d+ ms \(11963 from cache\)$/m);
  });

  it('gives the build passes, the closure and the runtime map of a corpus APKBUILD', () => {
    expectLighttpd(corpusJson);
    expect(corpusJson.cycles).toEqual(expect.arrayContaining([['ncurses']]));
  });

  it('reads an APKBUILD outside the tree against --aports', () => {
    expectLighttpd(resolveJson([lighttpdExample, '--aports', aports, '--index', v319]));
  });

  it('drops openldap and what it pulls from the passes of the hardened example', () => {
    const hardened = join(temp, 'APKBUILD');
    writeFileSync(hardened, hardenedExample());
    const json = resolveJson([hardened, '--aports', aports]);
    expect(json.passes.length).toBeGreaterThan(0);
    for (const origin of DROPPED) expect(passOf(json, origin), origin).toBe(0);
    expect(json.closure).toBeNull();
  });

  it('prints the desired SBOM of the passes, then the runtime section', () => {
    const run = cli(['resolve', corpusFile('main/lighttpd'), '--index', v319]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.startsWith('# pass 1\n')).toBe(true);
    const [passes, runtime] = run.stdout.split('# runtime\n');
    expect(passes.split('\n')).toContain('openldap');
    expect(runtime.split('\n')).toContain('# openldap lighttpd liblber.so.2 libldap.so.2');
  });

  it('writes CycloneDX 1.6 of the install closure with apk purls', () => {
    const run = cli([
      'resolve',
      corpusFile('main/lighttpd'),
      '--index',
      v319,
      '--format',
      'cyclonedx',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const bom = JSON.parse(run.stdout) as {
      bomFormat: string;
      specVersion: string;
      metadata: { component: { name: string; purl: string } };
      components: { name: string; purl: string }[];
      dependencies: { ref: string; dependsOn: string[] }[];
    };
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.specVersion).toBe('1.6');
    expect(bom.metadata.component.name).toBe('lighttpd');
    expect(bom.metadata.component.purl).toMatch(/^pkg:apk\/alpine\/lighttpd@1\.4\.73-r0\?/);
    const libldap = bom.components.find((c) => c.name === 'libldap');
    expect(libldap?.purl).toMatch(
      /^pkg:apk\/alpine\/libldap@[^?]+\?arch=x86_64&upstream=openldap&distro=alpine-3\.19$/,
    );
    const root = bom.dependencies.find((d) => d.ref === bom.metadata.component.purl);
    expect(root?.dependsOn).toContain(libldap?.purl);
  });

  it('gives the build-pass origins without versions in CycloneDX when there is no index', () => {
    const run = cli(['resolve', corpusFile('main/lighttpd'), '--format', 'cyclonedx']);
    expect(run.status, run.stderr).toBe(0);
    const bom = JSON.parse(run.stdout) as { components: { name: string; version?: string }[] };
    const openldap = bom.components.find((c) => c.name === 'openldap');
    expect(openldap).toBeDefined();
    expect(openldap?.version).toBeUndefined();
  });

  it('reports the problems of a truncated index, naming it, and resolves with the rest', () => {
    const truncated = join(temp, 'truncated.tar.gz');
    writeFileSync(truncated, readFileSync(v319).subarray(0, 200_000));
    const run = cli([
      'resolve',
      '--format',
      'json',
      corpusFile('main/lighttpd'),
      '--index',
      truncated,
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`${truncated}: record `);
    const json = JSON.parse(run.stdout) as ResolveJson;
    expect(json.closure?.whole.length).toBeGreaterThan(0);
    expect(passOf(json, 'openldap')).toBe(1);
  });

  it('exits 2 naming a file it cannot read', () => {
    const missing = join(temp, 'no-such/APKBUILD');
    const run = cli(['resolve', missing]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${missing}: cannot read: no such file`);
    const index = join(temp, 'no-such.tar.gz');
    const badIndex = cli(['resolve', lighttpdExample, '--index', index]);
    expect(badIndex.status).toBe(2);
    expect(badIndex.stderr).toContain(`${index}: cannot read: no such file`);
    const tree = join(temp, 'no-such-tree');
    const badTree = cli(['resolve', lighttpdExample, '--aports', tree]);
    expect(badTree.status).toBe(2);
    expect(badTree.stderr).toContain(`${tree}: cannot read: no such folder`);
  });

  it('says on stderr that there are no build passes outside a tree', () => {
    const run = cli(['resolve', '--format', 'json', lighttpdExample]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('not inside an aports tree');
    expect((JSON.parse(run.stdout) as ResolveJson).passes).toEqual([]);
  });

  it('exits 2 on a usage error', () => {
    expect(cli(['resolve', lighttpdExample, '--format', 'xml']).status).toBe(2);
    expect(cli(['resolve']).status).toBe(2);
  });
});

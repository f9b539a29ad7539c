import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, lighttpdExample, requireShared, sharedRoot } from '../helpers/paths';
import { hardenedExample, runCli, type CliResult } from '../helpers/run-cli';

const v319 = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');
/** What lighttpd 1.4.73-r0 of v3.19.0 adds to alpine-base. */
const ADDED = 'brotli-libs gdbm libdbi libldap libsasl lighttpd lua5.4-libs pcre2 zstd-libs';
const DROPPED = ['openldap', 'cyrus-sasl', 'heimdal', 'e2fsprogs'];

/** The cache folder of these runs: the CLI keeps its aports index cache there. */
let temp: string;
/** The first run's stderr: it indexed the corpus, with an empty cache. */
let firstStderr: string;
let corpusJson: ResolveJson;
let buildToolsJson: ResolveJson;
/** The seed's passes for lighttpd (DESIGN.md §1, §10). */
const SEED = [
  ['openssl', 'brotli', 'openldap', 'lua5.4', 'zstd'],
  ['ncurses', 'libtool', 'cyrus-sasl', 'util-linux'],
  ['heimdal'],
  ['e2fsprogs'],
];

/** The CLI with its cache folder (the aports index cache) in this test's scratch folder. */
const cli = (args: string[]): CliResult =>
  runCli(args, { env: { ...process.env, XDG_CACHE_HOME: temp } });

interface ResolveJson {
  package: string;
  version: string | null;
  mode: 'runtime' | 'build-tools';
  passes: { pass: number; origins: string[] }[];
  linkedBy: Record<string, { consumers: Record<string, string[]> }> | null;
  referenceOnly: { origin: string }[];
  buildTools: { cycles: string[][] } | null;
  closure: {
    added: string[];
    count: number;
    installIfAdded: string[];
    reference: string[];
    installedSize: number;
  } | null;
  secondary: Record<string, Record<string, string[]>> | null;
  prediction: { basis: string; droppedSubpackages: string[] } | null;
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
  const run = cli([
    'resolve',
    '--format',
    'json',
    corpusFile('main/lighttpd'),
    '--passes',
    'build-tools',
  ]);
  expect(run.status, run.stderr).toBe(0);
  firstStderr = run.stderr;
  buildToolsJson = JSON.parse(run.stdout) as ResolveJson;
  corpusJson = resolveJson([corpusFile('main/lighttpd'), '--index', v319]);
});

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

/** The seed's passes: each of its 11 origins in its pass (gcc is the one extra, in pass 2). */
function expectSeedPasses(json: ResolveJson): void {
  expect(json.package).toBe('lighttpd');
  expect(json.mode).toBe('runtime');
  expect(json.passes).toHaveLength(4);
  SEED.forEach((origins, i) => {
    for (const origin of origins) expect(passOf(json, origin), origin).toBe(i + 1);
  });
  expect(json.linkedBy?.gcc?.consumers).toEqual({ zstd: ['libgcc_s.so.1', 'libstdc++.so.6'] });
  expect(json.referenceOnly.map((r) => r.origin)).toEqual(['libcap']);
  expect(json.closure?.added.slice().sort()).toEqual(ADDED.split(' '));
  expect(json.closure?.installIfAdded).toEqual(['lighttpd-openrc']);
  expect(json.closure?.count).toBe(10);
  expect(json.closure?.reference).toEqual(
    expect.arrayContaining(['libcrypto3', 'libssl3', 'zlib', 'ssl_client']),
  );
  expect(json.secondary?.openldap?.lighttpd).toEqual(['liblber.so.2', 'libldap.so.2']);
  expect(Object.keys(json.secondary ?? {})).not.toContain('musl');
}

describe('apkharden resolve', () => {
  it('indexes the tree of the APKBUILD once for build-tools passes, then takes it from the cache', () => {
    expect(firstStderr).toMatch(/^indexed 11963 aports in \d+ ms \(0 from cache\)$/m);
    const again = cli(['resolve', corpusFile('main/lighttpd/APKBUILD')]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^indexed 11963 aports in \d+ ms \(11963 from cache\)$/m);
  });

  it("gives a corpus APKBUILD the seed's passes, closure and runtime map with an index", () => {
    expectSeedPasses(corpusJson);
    // The corpus has 1.4.77, the index 1.4.73: what the text builds is a prediction.
    expect(corpusJson.version).toBe('1.4.77-r0');
    expect(corpusJson.prediction?.basis).toMatch(/predicted from lighttpd 1\.4\.73-r0/);
  });

  it('keeps the makedepend recursion as an explicit mode, which rebuilds the build tools', () => {
    expect(buildToolsJson.mode).toBe('build-tools');
    expect(buildToolsJson.passes.length).toBeGreaterThan(4);
    const origins = buildToolsJson.passes.flatMap((p) => p.origins);
    for (const tool of ['meson', 'python3']) expect(origins).toContain(tool);
    expect(buildToolsJson.buildTools?.cycles).toEqual(expect.arrayContaining([['ncurses']]));
  });

  it('reads an APKBUILD outside the tree against the index alone', () => {
    expectSeedPasses(resolveJson([lighttpdExample, '--index', v319]));
  });

  it('predicts the hardened example: 2 packages, no pass, nothing of openldap or openssl', () => {
    const hardened = join(temp, 'APKBUILD');
    writeFileSync(hardened, hardenedExample());
    const json = resolveJson([hardened, '--index', v319]);
    expect(json.passes).toEqual([]);
    for (const origin of [...DROPPED, 'openssl']) expect(passOf(json, origin), origin).toBe(0);
    expect(json.closure?.added.slice().sort()).toEqual(['lighttpd', 'pcre2']);
    expect(json.closure?.count).toBe(2);
    expect(json.prediction?.droppedSubpackages).toEqual(['lighttpd-dbg', 'lighttpd-openrc']);
    // apk-tools of the reference still links openssl: the base image's, not lighttpd's.
    expect(json.referenceOnly.map((r) => r.origin)).toEqual(['libcap', 'openssl']);
  });

  it('prints the desired SBOM with a header, why each origin is there, then the runtime section', () => {
    const run = cli(['resolve', corpusFile('main/lighttpd'), '--index', v319]);
    expect(run.status, run.stderr).toBe(0);
    const [passes, runtime] = run.stdout.split('# runtime\n');
    const lines = passes.split('\n');
    expect(lines[0]).toBe('# lighttpd 1.4.77-r0: runtime passes on alpine-base');
    expect(lines).toContain(
      '# apk add lighttpd installs 10 packages on alpine-base: 9 by dependency, 1 by install_if: lighttpd-openrc (install_if openrc lighttpd=1.4.77-r0)',
    );
    expect(lines).toContain('# pass 1');
    expect(lines).toContain('openldap  # linked by lighttpd (liblber.so.2 libldap.so.2)');
    expect(lines).toContain('gcc  # linked by zstd (libgcc_s.so.1 libstdc++.so.6)');
    expect(lines).toContain(
      '# not for lighttpd: libcap is linked only by alpine-base: openrc (libcap.so.2)',
    );
    // bomresolver's secondary rule: 7 lines, none of them musl.
    expect(runtime.trim().split('\n')).toHaveLength(7);
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
    // The root is what the text builds (1.4.77-r0), not the index's 1.4.73-r0.
    expect(bom.metadata.component.purl).toMatch(/^pkg:apk\/alpine\/lighttpd@1\.4\.77-r0\?/);
    const libldap = bom.components.find((c) => c.name === 'libldap');
    expect(libldap?.purl).toMatch(
      /^pkg:apk\/alpine\/libldap@[^?]+\?arch=x86_64&distro=alpine-3\.19&upstream=openldap$/,
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
    expect(json.closure?.reference.length).toBeGreaterThan(0);
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
    expect(run.stderr).toContain('not inside an aports tree and no --aports given');
    expect(run.stderr).toContain('no index: the build passes follow every makedepend');
    expect((JSON.parse(run.stdout) as ResolveJson).passes).toEqual([]);
  });

  it('exits 2 on a usage error', () => {
    expect(cli(['resolve', lighttpdExample, '--format', 'xml']).status).toBe(2);
    expect(cli(['resolve', lighttpdExample, '--passes', 'all']).status).toBe(2);
    const noPackages = cli(['resolve', lighttpdExample, '--passes', 'runtime']);
    expect(noPackages.status).toBe(2);
    expect(noPackages.stderr).toContain('--passes runtime needs the packages');
    expect(cli(['resolve']).status).toBe(2);
  });
});

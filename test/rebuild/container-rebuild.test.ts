import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectEngine, inspectImage } from '../../server/src/rebuild/engine';
import { scriptDir } from '../../server/src/rebuild/locations';
import type { CompareReport } from '../../server/src/rebuild/compare-report';
import type { ProvenanceStatement } from '../../server/src/rebuild/provenance';
import { rebuild } from '../../server/src/rebuild/rebuild';
import { cliBundle } from '../helpers/bundles';
import { repoRoot } from '../helpers/paths';
import { dockerEnv, standInImage, standInNeeded } from '../helpers/stand-in-image';

/**
 * Rebuilds with a real Docker daemon, the real runner and the real in-container script; only
 * abuild, apk and meson inside the busybox image are stand-ins (test/fixtures/stand-in-abuild).
 */
const fixture = join(repoRoot, 'test/fixtures/rebuild/main/hello-zlib');
let env: NodeJS.ProcessEnv;
let image: string;
let temp: string;

beforeAll(() => {
  env = dockerEnv(repoRoot);
  image = standInImage(repoRoot, env);
  temp = mkdtempSync(join(tmpdir(), 'apkharden-rebuild-'));
  // Caches of this run only: never the user's ~/.cache.
  env = { ...env, XDG_CACHE_HOME: join(temp, 'cache') };
});

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [cliBundle, 'rebuild', ...args], {
    env,
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An aport `ROOT/main/NAME` with an APKBUILD whose build() runs `body`. */
function aport(name: string, body: string): string {
  const dir = join(temp, 'aports', 'main', name);
  mkdirSync(dir, { recursive: true });
  const text = [
    `pkgname=${name}`,
    'pkgver=1.0',
    'pkgrel=0',
    'pkgdesc="A package the rebuild tests build"',
    'url="https://apkbuild-hardening.invalid"',
    'arch="all"',
    'license="MIT"',
    'source=""',
    'options="!check"',
    '',
    'build() {',
    ...body.split('\n').map((line) => `\t${line}`),
    '}',
    '',
    'package() {',
    '\tmkdir -p "$pkgdir"',
    '}',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'APKBUILD'), text);
  return join(dir, 'APKBUILD');
}

/** Containers whose name starts with `apkharden-NAME-`, running or not. */
function containersOf(name: string): string[] {
  return execFileSync(
    'docker',
    ['ps', '--all', '--filter', `name=apkharden-${name}-`, '--format', '{{.Names}}'],
    {
      env,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((line) => line !== '');
}

/** The lines a step printed: from its `==> [variant] step` line to the next `==> ` line. */
function stepLines(stdout: string, header: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.indexOf(header);
  expect(start, `no line '${header}'`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('==> '));
  return lines.slice(start + 1, end);
}

function pkginfo(apk: string): Map<string, string[]> {
  const text = execFileSync('sh', ['-c', 'gzip -dc "$1" | tar -xOf - .PKGINFO', 'sh', apk], {
    encoding: 'utf8',
  });
  const fields = new Map<string, string[]>();
  for (const [, key, value] of text.matchAll(/^(\w+) = (.*)$/gm))
    fields.set(key, [...(fields.get(key) ?? []), value]);
  return fields;
}

/** The part of `docker inspect` the cancel test looks at. */
interface ContainerState {
  State: { Running: boolean };
  HostConfig: { NetworkMode: string };
  Mounts: { Destination: string; RW: boolean }[];
}

const sha256 = (file: string): string =>
  createHash('sha256').update(readFileSync(file)).digest('hex');

describe('rebuild in a container', () => {
  it('builds the original and the hardened variant, the build step without network', () => {
    const work = join(temp, 'work', 'main', 'hello-zlib');
    cpSync(fixture, work, { recursive: true });
    const file = join(work, 'APKBUILD');
    const text = readFileSync(file, 'utf8');
    const mtime = statSync(file).mtimeMs;
    const out = join(temp, 'out-hello');

    const run = cli([file, '--image', image, '--out', out, '--fetch-network', 'host']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`output: ${out}`);
    expect(lines.filter((line) => /^==> \[\w+\] (fetch|build)/.test(line))).toEqual([
      '==> [original] fetch',
      '==> [original] build (network none)',
      '==> [hardened] fetch',
      '==> [hardened] build (network none)',
    ]);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^==> overhead: \d+ ms from container start to the first build line \(hardened\)$/,
      ),
    );

    for (const variant of ['original', 'hardened']) {
      // The stand-in abuild prints /sys/class/net: only the loopback exists in the build step.
      const interfaces = (header: string): string[][] =>
        stepLines(run.stdout, header)
          .filter((line) => line.startsWith('>>> hello-zlib: network interfaces: '))
          .map((line) =>
            line.slice('>>> hello-zlib: network interfaces: '.length).trim().split(' '),
          );
      expect(interfaces(`==> [${variant}] build (network none)`)).toEqual([['lo']]);
      // The fetch step got --network host: the host's interfaces, more than lo.
      expect(interfaces(`==> [${variant}] fetch`)[0].length).toBeGreaterThan(1);
      // The build step installed from the apk cache the fetch step filled.
      expect(stepLines(run.stdout, `==> [${variant}] build (network none)`)).toContain(
        '(stand-in apk) installing alpine-sdk from the cache',
      );
    }

    // Outputs: the variant's APKBUILD, its package, its log and its provenance.
    expect(readFileSync(join(out, 'original/APKBUILD'), 'utf8')).toBe(text);
    const hardenedText = readFileSync(join(out, 'hardened/APKBUILD'), 'utf8');
    expect(hardenedText).toContain('-Dwith_zlib=disabled');
    expect(hardenedText).toContain('makedepends="meson"\n');
    const needed = standInNeeded(repoRoot);
    const original = pkginfo(join(out, 'original/hello-zlib-1.0-r0.apk'));
    const hardened = pkginfo(join(out, 'hardened/hello-zlib-1.0-r0.apk'));
    expect(original.get('depend')).toEqual(needed.zlib.map((s) => `so:${s}`));
    expect(hardened.get('depend')).toEqual(needed.plain.map((s) => `so:${s}`));
    expect(original.get('depend')).toContain('so:libz.so.1');
    expect(hardened.get('depend')).not.toContain('so:libz.so.1');

    for (const variant of ['original', 'hardened']) {
      const dir = join(out, variant);
      expect(readdirSync(dir).sort()).toEqual([
        'APKBUILD',
        'build.log',
        'hello-zlib-1.0-r0.apk',
        'provenance.intoto.json',
        ...(variant === 'hardened' ? ['sbom.cdx.json'] : []),
      ]);
      const log = readFileSync(join(dir, 'build.log'), 'utf8');
      expect(log).toContain(`==> [${variant}] build (network none)\n`);
      expect(log).toContain('>>> hello-zlib: Create hello-zlib-1.0-r0.apk (stand-in)\n');
      const provenance = JSON.parse(
        readFileSync(join(dir, 'provenance.intoto.json'), 'utf8'),
      ) as ProvenanceStatement;
      expect(provenance.subject).toEqual([
        {
          name: 'hello-zlib-1.0-r0.apk',
          digest: { sha256: sha256(join(dir, 'hello-zlib-1.0-r0.apk')) },
        },
      ]);
      expect(provenance.predicate.buildDefinition.externalParameters.apkbuild.sha256).toBe(
        sha256(join(dir, 'APKBUILD')),
      );
    }

    // The hardened package's CycloneDX SBOM names it by its apk purl.
    const sbom = JSON.parse(readFileSync(join(out, 'hardened/sbom.cdx.json'), 'utf8')) as {
      bomFormat: string;
      metadata: { component: { name: string; version: string; purl: string } };
    };
    expect(sbom.bomFormat).toBe('CycloneDX');
    expect(sbom.metadata.component).toMatchObject({ name: 'hello-zlib', version: '1.0-r0' });
    expect(sbom.metadata.component.purl).toMatch(
      /^pkg:apk\/alpine\/hello-zlib@1\.0-r0\?arch=x86_64/,
    );

    // apkharden compare of the two outputs: the ELF's DT_NEEDED lost libz, and so did depend.
    const compared = spawnSync(
      process.execPath,
      [cliBundle, 'compare', join(out, 'original'), join(out, 'hardened'), '--format', 'json'],
      { encoding: 'utf8' },
    );
    expect(compared.status, compared.stderr).toBe(0);
    const report = JSON.parse(compared.stdout) as CompareReport;
    expect(report.sonamesNeeded.removed).toEqual(['libz.so.1']);
    expect(report.sonamesNeeded.added).toEqual([]);
    expect(report.depends.removed).toEqual(['so:libz.so.1']);
    expect(report.packages.map((p) => [p.name, p.presence])).toEqual([['hello-zlib', 'both']]);

    // The user's files are as they were, and no container is left behind.
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(readdirSync(work).sort()).toEqual(['.apkharden.yaml', 'APKBUILD', 'README']);
    expect(containersOf('hello-zlib')).toEqual([]);
  });

  it('reports an abuild failure with its >>> ERROR: line and the log', () => {
    const file = aport('broken', 'echo "compiling broken"\nfalse');
    const out = join(temp, 'out-broken');
    const run = cli([file, '--image', image, '--out', out, '--variant', 'original']);
    const log = join(out, 'original/build.log');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `apkharden rebuild: [original] build failed: >>> ERROR: broken: build failed (log: ${log})\n`,
    );
    expect(readFileSync(log, 'utf8')).toContain(
      'compiling broken\n>>> ERROR: broken: build failed\n',
    );
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(`output: ${out}`);
    expect(readdirSync(join(out, 'original')).filter((f) => f.endsWith('.apk'))).toEqual([]);
    expect(containersOf('broken')).toEqual([]);
  });

  it('stops and removes the container when the build is cancelled', async () => {
    const file = aport('sleepy', 'echo "sleepy: compiling"\nsleep 600');
    const engine = await detectEngine('docker', env);
    const controller = new AbortController();
    const seen: string[] = [];
    let running: ContainerState | null = null;
    const result = await rebuild({
      file,
      variants: [{ name: 'original', text: readFileSync(file, 'utf8'), from: 'the test' }],
      outDir: join(temp, 'out-sleepy'),
      engine,
      image: await inspectImage(engine, image),
      scriptDir: scriptDir(),
      caches: { distfiles: join(temp, 'cache/distfiles'), apkCache: join(temp, 'cache/apk') },
      profile: 'builtin:kubernetes',
      carch: 'x86_64',
      signal: controller.signal,
      onLine(line) {
        seen.push(line);
        if (line !== 'sleepy: compiling') return;
        // Streamed while the build runs: look at the live container, then cancel.
        const [name] = containersOf('sleepy');
        const inspected = JSON.parse(
          execFileSync('docker', ['inspect', name], { env, encoding: 'utf8' }),
        ) as ContainerState[];
        running = inspected[0];
        controller.abort();
      },
    });
    expect(seen).toContain('sleepy: compiling');
    expect(running).not.toBeNull();
    expect(running!.State.Running).toBe(true);
    expect(running!.HostConfig.NetworkMode).toBe('none');
    expect(Object.fromEntries(running!.Mounts.map((m) => [m.Destination, m.RW]))).toEqual({
      '/aport': false,
      '/out': true,
      '/var/cache/distfiles': true,
      '/etc/apk/cache': true,
      '/opt/apkbuild-hardening': false,
    });
    expect(result.ok).toBe(false);
    expect(result.variants.map((v) => [v.status, v.error])).toEqual([
      ['cancelled', '[original] cancelled during build; the container was removed'],
    ]);
    expect(containersOf('sleepy')).toEqual([]);
  });

  it('stops a build that outlives --timeout', () => {
    const file = aport('stuck', 'echo "stuck: compiling"\nsleep 600');
    const out = join(temp, 'out-stuck');
    const run = cli([
      file,
      '--image',
      image,
      '--out',
      out,
      '--variant',
      'original',
      '--timeout',
      '3',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^apkharden rebuild: \[original\] timed out after 3 s during (fetch|build); the container was removed \(log: .*\/out-stuck\/original\/build.log\)\n$/,
    );
    expect(containersOf('stuck')).toEqual([]);
  });
});

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectEngine, inspectImage } from '../../server/src/rebuild/engine';
import type { ProvenanceStatement } from '../../server/src/rebuild/provenance';
import { repoRoot } from '../helpers/paths';
import { missingPodmanTools } from '../helpers/podman-env';
import { interfacesIn } from '../helpers/rebuild-output';
import { RebuildSandbox } from '../helpers/rebuild-sandbox';
import { standInNeeded } from '../helpers/stand-in-image';

/**
 * Rebuilds with a real podman (runc, the tests' own containers.conf and storage), the real
 * runner and the real in-container script, in the stand-in image imported with `podman import`.
 * The docker side of the same runner: container-rebuild.test.ts and engine.test.ts.
 */
const fixture = join(repoRoot, 'test/fixtures/rebuild/main/greeter');
let sandbox: RebuildSandbox;
/** A folder holding only a `podman` link: a PATH where docker is absent. */
let podmanOnly: string;

const missing = missingPodmanTools();

beforeAll(() => {
  if (missing !== undefined) return;
  sandbox = RebuildSandbox.open('podman');
  podmanOnly = mkdtempSync(join(tmpdir(), 'apkharden-podman-path-'));
  const podman = execFileSync('sh', ['-c', 'command -v podman'], { encoding: 'utf8' }).trim();
  symlinkSync(podman, join(podmanOnly, 'podman'));
});

afterAll(() => {
  sandbox?.close();
  if (podmanOnly !== undefined) rmSync(podmanOnly, { recursive: true, force: true });
});

/** The part of `podman inspect` the cancel test looks at. */
interface ContainerState {
  State: { Running: boolean };
  HostConfig: { NetworkMode: string };
}

function dependsOf(apk: string): string[] {
  const text = execFileSync('sh', ['-c', 'gzip -dc "$1" | tar -xOf - .PKGINFO', 'sh', apk], {
    encoding: 'utf8',
  });
  return [...text.matchAll(/^depend = (.*)$/gm)].map((m) => m[1]);
}

describe.skipIf(missing !== undefined)(
  `rebuild with podman${missing ? `: ${missing}` : ''}`,
  () => {
    it('auto-detection picks podman when docker is not on PATH', async () => {
      const env = { ...sandbox.env, PATH: podmanOnly };
      const engine = await detectEngine('auto', env);
      expect(engine.name).toBe('podman');
      const version = execFileSync('podman', ['--version'], { env, encoding: 'utf8' });
      expect(version).toContain(` ${engine.version}`);
      expect(engine.version).toMatch(/^\d+\.\d+\.\d+/);

      // The CLI's default engine is auto too: with that PATH it builds with podman. The host
      // network for the fetch: netavark, behind podman's default bridge, needs iptables on PATH.
      const file = sandbox.aport('auto-picked', 'echo "auto-picked: compiling"');
      const out = join(sandbox.temp, 'out-auto');
      const run = sandbox.cli(
        [
          file,
          '--image',
          sandbox.image,
          '--out',
          out,
          '--variant',
          'original',
          '--fetch-network',
          'host',
        ],
        {
          PATH: podmanOnly,
        },
      );
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout.split('\n')[0]).toMatch(/^==> engine: podman \d/);
      expect(run.stdout).toContain('auto-picked: compiling\n');
      expect(readdirSync(join(out, 'original/x86_64'))).toContain('auto-picked-1.0-r0.apk');
    });

    it('builds both variants with --engine podman, the build step with only lo', () => {
      const work = join(sandbox.temp, 'work', 'main', 'greeter');
      cpSync(fixture, work, { recursive: true });
      const file = join(work, 'APKBUILD');
      const text = readFileSync(file, 'utf8');
      const out = join(sandbox.temp, 'out-hello');
      const imageId = execFileSync(
        'podman',
        ['image', 'inspect', '--format', '{{.Id}}', sandbox.image],
        { env: sandbox.env, encoding: 'utf8' },
      ).trim();

      const run = sandbox.rebuildInto(file, out, ['--engine', 'podman', '--fetch-network', 'host']);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(`output: ${out}`);

      const needed = standInNeeded(repoRoot);
      for (const variant of ['original', 'hardened']) {
        expect(
          interfacesIn(run.stdout, `==> [${variant}] build (network none)`, 'greeter'),
        ).toEqual([['lo']]);
        expect(
          interfacesIn(run.stdout, `==> [${variant}] fetch`, 'greeter')[0].length,
        ).toBeGreaterThan(1);
        const dir = join(out, variant);
        expect(readdirSync(join(dir, 'x86_64'))).toContain('greeter-1.0-r0.apk');
        const depends = dependsOf(join(dir, 'x86_64/greeter-1.0-r0.apk'));
        const soname = variant === 'original' ? needed.zlib : needed.plain;
        expect(depends).toEqual(soname.map((s) => `so:${s}`));

        // podman names an imported image `localhost/...@sha256:...`, which no registry serves:
        // the provenance names the image by its local id instead, as it does for docker.
        const provenance = JSON.parse(
          readFileSync(join(dir, 'provenance.intoto.json'), 'utf8'),
        ) as ProvenanceStatement;
        expect(provenance.predicate.runDetails.builder.id).toMatch(/:podman$/);
        expect(provenance.predicate.buildDefinition.resolvedDependencies[0]).toEqual({
          name: sandbox.image,
          uri: `docker-image://${sandbox.image}`,
          digest: { sha256: imageId },
        });
      }

      expect(readFileSync(file, 'utf8')).toBe(text);
      expect(sandbox.containersOf('greeter')).toEqual([]);
    });

    it('removes the running container when the build is cancelled', async () => {
      const file = sandbox.aport('sleepy', 'echo "sleepy: compiling"\nsleep 600');
      const controller = new AbortController();
      let running: ContainerState | null = null;
      const result = await sandbox.rebuildOriginal(file, {
        // As in every test here: podman's default bridge wants iptables (/usr/sbin) on PATH.
        fetchNetwork: 'host',
        signal: controller.signal,
        onLine(line) {
          if (line !== 'sleepy: compiling') return;
          const [name] = sandbox.containersOf('sleepy');
          const inspected = JSON.parse(
            execFileSync('podman', ['inspect', name], { env: sandbox.env, encoding: 'utf8' }),
          ) as ContainerState[];
          running = inspected[0];
          controller.abort();
        },
      });
      expect(running).not.toBeNull();
      expect(running!.State.Running).toBe(true);
      expect(running!.HostConfig.NetworkMode).toBe('none');
      expect(result.variants.map((v) => [v.status, v.error])).toEqual([
        ['cancelled', '[original] cancelled during build; the container was removed'],
      ]);
      expect(sandbox.containersOf('sleepy')).toEqual([]);
    });

    it('names `podman pull` when the image is missing', async () => {
      const image = 'apkbuild-hardening-test/absent:1';
      const message =
        `image ${image} is not present: run \`podman pull ${image}\`, or on an air-gapped host ` +
        `import Alpine's minirootfs: \`podman import alpine-minirootfs-VERSION-x86_64.tar.gz ${image}\` (see the README)`;
      const engine = await detectEngine('podman', sandbox.env);
      await expect(inspectImage(engine, image)).rejects.toThrow(message);
      const run = sandbox.cli([join(fixture, 'APKBUILD'), '--engine', 'podman', '--image', image]);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(message + '\n');
      expect(run.stdout).toBe('');
    });
  },
);

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareReport } from '../../server/src/rebuild/compare-report';
import type { ProvenanceStatement } from '../../server/src/rebuild/provenance';
import { readApkIndex } from '../../server/src/sbom/apkindex';
import { cliBundle } from '../helpers/bundles';
import { repoRoot } from '../helpers/paths';
import { interfacesIn, stepLines } from '../helpers/rebuild-output';
import { RebuildSandbox } from '../helpers/rebuild-sandbox';
import { missingDockerTools, standInNeeded } from '../helpers/stand-in-image';

/**
 * Rebuilds with a real Docker daemon, the real runner and the real in-container script; only
 * abuild, apk and meson inside the busybox image are stand-ins (test/fixtures/stand-in-abuild).
 * Failures, cancel and timeout: container-stop.test.ts.
 */
const fixture = join(repoRoot, 'test/fixtures/rebuild/main/greeter');
let sandbox: RebuildSandbox;

const missing = missingDockerTools();

beforeAll(() => {
  if (missing === undefined) sandbox = RebuildSandbox.open();
});

afterAll(() => sandbox?.close());

function pkginfo(apk: string): Map<string, string[]> {
  const text = execFileSync('sh', ['-c', 'gzip -dc "$1" | tar -xOf - .PKGINFO', 'sh', apk], {
    encoding: 'utf8',
  });
  const fields = new Map<string, string[]>();
  for (const [, key, value] of text.matchAll(/^(\w+) = (.*)$/gm))
    fields.set(key, [...(fields.get(key) ?? []), value]);
  return fields;
}

const sha256 = (file: string): string =>
  createHash('sha256').update(readFileSync(file)).digest('hex');

describe.skipIf(missing !== undefined)(
  `rebuild in a container${missing ? `: ${missing}` : ''}`,
  () => {
    it('builds the original and the hardened variant, the build step without network', () => {
      const work = join(sandbox.temp, 'work', 'main', 'greeter');
      cpSync(fixture, work, { recursive: true });
      const file = join(work, 'APKBUILD');
      const text = readFileSync(file, 'utf8');
      const mtime = statSync(file).mtimeMs;
      const out = join(sandbox.temp, 'out-hello');

      const run = sandbox.rebuildInto(file, out, ['--fetch-network', 'host']);
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
          interfacesIn(run.stdout, header, 'greeter');
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
      const original = pkginfo(join(out, 'original/x86_64/greeter-1.0-r0.apk'));
      const hardened = pkginfo(join(out, 'hardened/x86_64/greeter-1.0-r0.apk'));
      expect(original.get('depend')).toEqual(needed.zlib.map((s) => `so:${s}`));
      expect(hardened.get('depend')).toEqual(needed.plain.map((s) => `so:${s}`));
      expect(original.get('depend')).toContain('so:libz.so.1');
      expect(hardened.get('depend')).not.toContain('so:libz.so.1');

      // The throwaway key's public half, for apk add --keys-dir; said so in the output.
      const keys = readdirSync(join(out, 'keys'));
      expect(keys).toEqual([expect.stringMatching(/^apkharden-throwaway-[0-9a-f]{8}\.rsa\.pub$/)]);
      expect(lines).toContainEqual(
        expect.stringContaining(
          `==> the repositories are signed with a throwaway key made for this rebuild (${keys[0]})`,
        ),
      );
      for (const variant of ['original', 'hardened']) {
        const dir = join(out, variant);
        expect(readdirSync(dir).sort()).toEqual([
          'APKBUILD',
          'build-key',
          'build.log',
          'provenance.intoto.json',
          ...(variant === 'hardened' ? ['sbom.cdx.json'] : []),
          'x86_64',
        ]);
        // The variant's folder is a repository: the package and its signed index.
        expect(readdirSync(join(dir, 'x86_64')).sort()).toEqual([
          'APKINDEX.tar.gz',
          'greeter-1.0-r0.apk',
        ]);
        const index = readApkIndex(readFileSync(join(dir, 'x86_64/APKINDEX.tar.gz')), 'index');
        expect(index.packages.map((p) => `${p.name}-${p.version}`)).toEqual(['greeter-1.0-r0']);
        expect(lines).toContain(
          `==> install the ${variant} build: apk add --keys-dir ${join(out, 'keys')} --repository ${dir} greeter`,
        );
        const log = readFileSync(join(dir, 'build.log'), 'utf8');
        expect(log).toContain(`==> [${variant}] build (network none)\n`);
        expect(log).toContain('>>> greeter: Create greeter-1.0-r0.apk (stand-in)\n');
        const provenance = JSON.parse(
          readFileSync(join(dir, 'provenance.intoto.json'), 'utf8'),
        ) as ProvenanceStatement;
        // The signature is checked against the build key the container brought out: the
        // stand-in's is no RSA key, so its signature is one no key of that folder verifies.
        expect(readdirSync(join(dir, 'build-key'))).toEqual([
          expect.stringMatching(/^stand-in-\d+\.rsa\.pub$/),
        ]);
        expect(provenance.subject).toEqual([
          {
            name: 'greeter-1.0-r0.apk',
            digest: { sha256: sha256(join(dir, 'x86_64/greeter-1.0-r0.apk')) },
            annotations: {
              apkSignature: {
                status: 'unknown-key',
                keys: ['stand-in.rsa.pub'],
                keysFolder: join(dir, 'build-key'),
              },
            },
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
      expect(sbom.metadata.component).toMatchObject({ name: 'greeter', version: '1.0-r0' });
      expect(sbom.metadata.component.purl).toMatch(
        /^pkg:apk\/alpine\/greeter@1\.0-r0\?arch=x86_64/,
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
      expect(report.packages.map((p) => [p.name, p.presence])).toEqual([['greeter', 'both']]);

      // The user's files are as they were, and no container is left behind.
      expect(readFileSync(file, 'utf8')).toBe(text);
      expect(statSync(file).mtimeMs).toBe(mtime);
      expect(readdirSync(work).sort()).toEqual(['.apkharden.yaml', 'APKBUILD', 'README']);
      expect(sandbox.containersOf('greeter')).toEqual([]);
    });
  },
);

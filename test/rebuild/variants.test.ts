import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeApkbuild } from '../../server/src/apkbuild';
import { loadProfileFor } from '../../server/src/hardening';
import { copyAport } from '../../server/src/rebuild/aport-copy';
import { provenanceStatement } from '../../server/src/rebuild/provenance';
import { gitHeadText, resolveVariants, withAllFixes } from '../../server/src/rebuild/variants';
import { repoRoot } from '../helpers/paths';

const fixture = join(repoRoot, 'test/fixtures/rebuild/main/greeter');
const temps: string[] = [];

/** A copy of the greeter aport in a temp folder, as `ROOT/main/greeter`. */
function aportCopy(): { root: string; dir: string; file: string } {
  const root = mkdtempSync(join(tmpdir(), 'apkharden-variants-'));
  temps.push(root);
  const dir = join(root, 'main', 'greeter');
  cpSync(fixture, dir, { recursive: true });
  return { root, dir, file: join(dir, 'APKBUILD') };
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', ...args], {
    cwd,
    stdio: 'ignore',
  });
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const profileOf = (dir: string) => loadProfileFor(dir, null).profile;

describe('variants', () => {
  it('outside git, the original is the file and the hardened one has every fix applied', async () => {
    const { dir, file } = aportCopy();
    const text = readFileSync(file, 'utf8');
    const variants = await resolveVariants({
      file,
      text,
      profile: profileOf(dir),
      carch: 'x86_64',
    });
    expect(await gitHeadText(file)).toBeNull();
    expect(variants.original.text).toBe(text);
    expect(variants.original.from).toBe('the file as it is');
    expect(variants.hardened.text).toContain('-Dwith_zlib=disabled');
    expect(variants.hardened.text).toContain('makedepends="meson"\n');
    expect(variants.hardened.text).toBe(withAllFixes(text, profileOf(dir), 'x86_64'));
  });

  it('in a git work tree, the original is the file at HEAD and the hardened one the current text', async () => {
    const { root, dir, file } = aportCopy();
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'import');
    const committed = readFileSync(file, 'utf8');
    const edited = committed.replace('pkgrel=0', 'pkgrel=1');
    writeFileSync(file, edited);
    const variants = await resolveVariants({
      file,
      text: edited,
      profile: profileOf(dir),
      carch: 'x86_64',
    });
    expect(variants.original).toEqual({ name: 'original', text: committed, from: 'git HEAD' });
    expect(variants.hardened).toEqual({ name: 'hardened', text: edited, from: 'the current text' });
  });

  it('takes the original from --original or from the text the editor kept', async () => {
    const { root, dir, file } = aportCopy();
    const text = readFileSync(file, 'utf8');
    const originalPath = join(root, 'APKBUILD.orig');
    writeFileSync(originalPath, text.replace('pkgrel=0', 'pkgrel=7'));
    const profile = profileOf(dir);
    const fromPath = await resolveVariants({ file, text, originalPath, profile, carch: 'x86_64' });
    expect(fromPath.original.text).toContain('pkgrel=7');
    expect(fromPath.hardened.text).toBe(text);
    const kept = await resolveVariants({
      file,
      text,
      originalText: 'pkgname=x\n',
      profile,
      carch: 'x86_64',
    });
    expect(kept.original.text).toBe('pkgname=x\n');
    await expect(
      resolveVariants({
        file,
        text,
        originalPath: join(root, 'missing'),
        profile,
        carch: 'x86_64',
      }),
    ).rejects.toThrow(`${join(root, 'missing')}: cannot read the original`);
  });

  it('copies the aport without touching it, with the variant text as its APKBUILD', () => {
    const { dir, file } = aportCopy();
    const before = statSync(file).mtimeMs;
    const copy = copyAport(file, 'pkgname=changed\n', 'greeter');
    try {
      expect(copy.repo).toBe('main');
      expect(copy.name).toBe('greeter');
      expect(readFileSync(join(copy.dir, 'APKBUILD'), 'utf8')).toBe('pkgname=changed\n');
      expect(readFileSync(join(copy.dir, 'README'), 'utf8')).toBe(
        readFileSync(join(dir, 'README'), 'utf8'),
      );
    } finally {
      copy.remove();
    }
    expect(statSync(file).mtimeMs).toBe(before);
    expect(readFileSync(file, 'utf8')).toContain('pkgname=greeter');
  });
});

describe('provenance', () => {
  it('is an in-toto statement with the image digest, the APKBUILD hash and the sources', () => {
    const text = [
      'pkgname=demo',
      'pkgver=1.2',
      'source="demo-$pkgver.tar.gz::https://example.invalid/demo/$pkgver.tar.gz',
      '\tfix.patch"',
      'sha512sums="',
      `${'a'.repeat(128)}  demo-1.2.tar.gz`,
      `${'b'.repeat(128)}  fix.patch`,
      '"',
      '',
    ].join('\n');
    const statement = provenanceStatement({
      variant: 'hardened',
      apkbuildPath: '/w/main/demo/APKBUILD',
      apkbuildFrom: 'the current text',
      model: analyzeApkbuild(text),
      profile: 'builtin:kubernetes',
      engine: { name: 'docker', version: '20.10.24' },
      image: {
        name: 'alpine:3.24',
        id: 'sha256:' + 'c'.repeat(64),
        repoDigests: ['alpine@sha256:' + 'd'.repeat(64)],
      },
      packages: [{ name: 'demo-1.2-r0.apk', sha256: 'e'.repeat(64) }],
      startedOn: new Date('2026-01-02T03:04:05Z'),
      finishedOn: new Date('2026-01-02T03:09:05Z'),
      invocationId: 'demo-hardened-1',
    });
    expect(statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(statement.predicateType).toBe('https://slsa.dev/provenance/v1');
    expect(statement.subject).toEqual([
      { name: 'demo-1.2-r0.apk', digest: { sha256: 'e'.repeat(64) } },
    ]);
    const definition = statement.predicate.buildDefinition;
    expect(definition.externalParameters.apkbuild.sha256).toBe(
      execFileSync('sha256sum', { input: text, encoding: 'utf8' }).split(' ')[0],
    );
    expect(definition.externalParameters.profile).toBe('builtin:kubernetes');
    expect(definition.resolvedDependencies).toEqual([
      {
        name: 'alpine:3.24',
        uri: 'docker-image://alpine@sha256:' + 'd'.repeat(64),
        digest: { sha256: 'd'.repeat(64) },
      },
      {
        name: 'demo-1.2.tar.gz',
        uri: 'https://example.invalid/demo/1.2.tar.gz',
        digest: { sha512: 'a'.repeat(128) },
      },
      { name: 'fix.patch', digest: { sha512: 'b'.repeat(128) } },
    ]);
    expect(statement.predicate.runDetails.metadata).toEqual({
      invocationId: 'demo-hardened-1',
      startedOn: '2026-01-02T03:04:05.000Z',
      finishedOn: '2026-01-02T03:09:05.000Z',
    });
  });
});

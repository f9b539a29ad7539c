import { execFileSync } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfileFile, PROFILE_FILE_NAME } from '../../server/src/hardening';
import { MAX_PROFILE_BYTES } from '../../server/src/hardening/profile-loader';
import { ProfileCache } from '../../server/src/profile-cache';
import { scratchDir } from '../helpers/scratch';

const dir = scratchDir('profile-loader-');

/** Writes a profile and moves its modification time on, as a later edit would. */
function writeProfile(path: string, text: string, second: number): void {
  writeFileSync(path, text);
  utimesSync(path, second, second);
}

describe('loading a profile file', () => {
  it('uses a good file, and never a file with an error: the fallback is used instead', () => {
    const file = join(dir, 'good.yaml');
    writeFileSync(file, 'extends: none\nkeep: [pcre2]\n');
    const good = loadProfileFile(file);
    expect(good.broken).toBe(false);
    expect(good.profile.source).toBe(file);
    expect([...good.profile.keep]).toEqual(['pcre2']);

    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'extends: none\nkeep: pcre2\n');
    const loaded = loadProfileFile(broken);
    expect(loaded.broken).toBe(true);
    expect(loaded.profile.source).toBe('builtin:kubernetes');
    expect(loadProfileFile(broken, good.profile).profile).toBe(good.profile);
  });

  it('refuses a FIFO, a folder, an oversized file and bytes that are not UTF-8, naming each', () => {
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    const folder = join(dir, 'folder.yaml');
    mkdirSync(folder);
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(MAX_PROFILE_BYTES)}\n`);
    const latin1 = join(dir, 'latin1.yaml');
    writeFileSync(latin1, Buffer.from('keep: [caf\xe9]\n', 'latin1'));
    const messages = [fifo, folder, big, latin1].map((file) => {
      const loaded = loadProfileFile(file);
      expect(loaded.broken).toBe(true);
      expect(loaded.text).toBeNull();
      return loaded.diagnostics.map((d) => d.message);
    });
    expect(messages).toEqual([
      ['is a FIFO, not a hardening profile'],
      ['is a folder, not a hardening profile'],
      [
        `too large for a hardening profile (${MAX_PROFILE_BYTES + 3} bytes; the limit is ${MAX_PROFILE_BYTES})`,
      ],
      ['is not UTF-8 text, as a YAML profile must be'],
    ]);
  });
});

describe('the server’s profile cache', () => {
  it('keeps the last good profile while the file is broken, and the fixed one after', () => {
    const root = join(dir, 'aports');
    mkdirSync(join(root, 'pkg'), { recursive: true });
    const file = join(root, PROFILE_FILE_NAME);
    const cache = new ProfileCache();
    const folder = join(root, 'pkg');

    writeProfile(file, 'extends: none\nkeep: [pcre2]\n', 1_000);
    const good = cache.get(folder, '', 0);
    expect(good.broken).toBe(false);

    writeProfile(file, 'extends: none\ncatalogue:\n  features: [frob]\n', 2_000);
    cache.invalidate();
    const broken = cache.get(folder, '', 10_000);
    expect(broken.broken).toBe(true);
    expect(broken.diagnostics.map((d) => d.path)).toEqual(['catalogue.features']);
    expect(broken.profile).toBe(good.profile);

    writeProfile(file, 'extends: none\nkeep: [zstd]\n', 3_000);
    const fixed = cache.get(folder, '', 20_000);
    expect(fixed.broken).toBe(false);
    expect(fixed.diagnostics).toEqual([]);
    expect([...fixed.profile.keep]).toEqual(['zstd']);
  });

  it('gives the built-in default when the file was never good, and reloads a setting’s file', () => {
    const file = join(dir, 'setting.yaml');
    writeProfile(file, 'keep: {a: 1}\n', 1_000);
    const cache = new ProfileCache();
    const broken = cache.get(null, file, 0);
    expect(broken.broken).toBe(true);
    expect(broken.file).toBe(file);
    expect(broken.profile.source).toBe('builtin:kubernetes');
    writeProfile(file, 'keep: [a]\n', 2_000);
    expect(cache.get(null, file, 10_000).broken).toBe(false);
  });
});

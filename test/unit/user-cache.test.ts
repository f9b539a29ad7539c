import {
  chmodSync,
  cpSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexCacheFile, indexThroughCache, saveIndexCache } from '../../server/src/aports';
import {
  cacheRoot,
  readCacheFile,
  userCacheFolder,
  writeCacheFile,
} from '../../server/src/user-cache';
import { corpusRoot, requireShared } from '../helpers/paths';
import { scratchDir } from '../helpers/scratch';

const uid = process.getuid!();

/** An environment whose cache root is a fresh scratch folder. */
function cacheEnv(): { env: NodeJS.ProcessEnv; root: string } {
  const env = { XDG_CACHE_HOME: scratchDir('user-cache-') };
  return { env, root: cacheRoot(env) };
}

describe('the per-user cache folder', () => {
  it('is ${XDG_CACHE_HOME:-$HOME/.cache}/apkbuild-hardening', () => {
    expect(cacheRoot({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' })).toBe(
      '/x/cache/apkbuild-hardening',
    );
    expect(cacheRoot({ XDG_CACHE_HOME: '', HOME: '/home/u' })).toBe(
      '/home/u/.cache/apkbuild-hardening',
    );
    expect(userCacheFolder('aports-index', { XDG_CACHE_HOME: 'relative' })).toEqual({
      ok: false,
      reason: 'relative/apkbuild-hardening: not an absolute path',
    });
  });

  it('is made with mode 0700 when missing, and used', () => {
    const { env, root } = cacheEnv();
    expect(userCacheFolder('aports-index', env)).toEqual({
      ok: true,
      path: join(root, 'aports-index'),
    });
    expect(statSync(join(root, 'aports-index')).mode & 0o777).toBe(0o700);
  });

  it('is refused when it is a symbolic link, even to a folder of the user', () => {
    const { env, root } = cacheEnv();
    const elsewhere = scratchDir('planted-');
    mkdirSync(root, { recursive: true });
    symlinkSync(elsewhere, join(root, 'aports-index'));
    expect(userCacheFolder('aports-index', env)).toEqual({
      ok: false,
      reason: `${join(root, 'aports-index')}: is a symbolic link, not a folder`,
    });
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('is refused when the cache root above it is a symbolic link, and nothing is made there', () => {
    const { env, root } = cacheEnv();
    const elsewhere = scratchDir('planted-');
    symlinkSync(elsewhere, root);
    expect(userCacheFolder('aports-index', env)).toEqual({
      ok: false,
      reason: `${root}: is a symbolic link, not a folder`,
    });
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('is refused when others may write in it', () => {
    const { env, root } = cacheEnv();
    mkdirSync(join(root, 'aports-index'), { recursive: true });
    chmodSync(join(root, 'aports-index'), 0o777);
    expect(userCacheFolder('aports-index', env)).toEqual({
      ok: false,
      reason: `${join(root, 'aports-index')}: others may write in it (mode 777)`,
    });
    chmodSync(join(root, 'aports-index'), 0o770);
    expect(userCacheFolder('aports-index', env).ok).toBe(false);
  });

  it('is refused when it belongs to another user', () => {
    const { env, root } = cacheEnv();
    // As the folder's owner cannot be given away without root, ask as if another user ran.
    expect(userCacheFolder('aports-index', env, uid + 1)).toEqual({
      ok: false,
      reason: `${root}: belongs to uid ${uid}, not to uid ${uid + 1}`,
    });
  });

  it('is refused when a file stands in its place', () => {
    const { env, root } = cacheEnv();
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'aports-index'), '');
    const folder = userCacheFolder('aports-index', env);
    expect(folder).toEqual({
      ok: false,
      reason: `${join(root, 'aports-index')}: is not a folder`,
    });
  });
});

describe('cache files', () => {
  it('are written whole with mode 0600, and a link in their place is not followed', async () => {
    const dir = scratchDir('cache-files-');
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious');
    const file = join(dir, 'aports.json');
    symlinkSync(victim, file);
    expect(readCacheFile(file, 1024)).toEqual({
      ok: false,
      message: `${file}: is a symbolic link, not a cache file`,
    });
    expect((await writeCacheFile(file, Buffer.from('{}'))).ok).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(file).isFile()).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const read = readCacheFile(file, 1024);
    expect(read.ok && read.bytes.toString()).toBe('{}');
  });
});

describe('the aports index cache in the user cache folder', () => {
  requireShared();
  const tree = scratchDir('cache-tree-');
  for (const aport of ['main/lighttpd', 'main/zstd'])
    cpSync(join(corpusRoot, 'aports', aport, 'APKBUILD'), join(tree, aport, 'APKBUILD'));

  it('is read back on the second indexing, and never through a link planted at a temporary name', async () => {
    const { env } = cacheEnv();
    const cache = indexCacheFile(tree, {}, env);
    if (cache.file === null) throw new Error(cache.reason);
    // The names the cache was once written under: <file>.<pid>.tmp, guessable by anyone.
    const victim = join(scratchDir('victim-'), 'victim');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, `${cache.file}.${process.pid}.tmp`);
    const warnings: string[] = [];
    const first = await indexThroughCache(tree, {}, (m) => warnings.push(m), env);
    expect(first.index.stats).toEqual({ files: 2, parsed: 2, fromCache: 0 });
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(statSync(cache.file).mode & 0o777).toBe(0o600);
    const second = await indexThroughCache(tree, {}, (m) => warnings.push(m), env);
    expect(second.index.stats).toEqual({ files: 2, parsed: 0, fromCache: 2 });
    expect(warnings).toEqual([]);
  });

  it('is not read through a link planted at its own name', async () => {
    const { env } = cacheEnv();
    const cache = indexCacheFile(tree, {}, env);
    if (cache.file === null) throw new Error(cache.reason);
    const real = await indexThroughCache(tree, {}, () => {}, { XDG_CACHE_HOME: scratchDir('c-') });
    // A cache made elsewhere, linked in: it must not count as this user's cache.
    const planted = join(scratchDir('planted-'), 'cache.json');
    await saveIndexCache(real.index, planted);
    const before = readFileSync(planted, 'utf8');
    symlinkSync(planted, cache.file);
    const loaded = await indexThroughCache(tree, {}, () => {}, env);
    expect(loaded.index.stats).toEqual({ files: 2, parsed: 2, fromCache: 0 });
    expect(readFileSync(planted, 'utf8')).toBe(before);
    expect(lstatSync(cache.file).isSymbolicLink()).toBe(false);
  });

  it('is skipped, with the reason, when its folder is not private, and nothing is written', async () => {
    const { env, root } = cacheEnv();
    mkdirSync(join(root, 'aports-index'), { recursive: true });
    chmodSync(join(root, 'aports-index'), 0o777);
    const warnings: string[] = [];
    const { index } = await indexThroughCache(tree, {}, (m) => warnings.push(m), env);
    expect(index.size).toBe(2);
    expect(warnings).toEqual([
      `not caching the aports index: ${join(root, 'aports-index')}: others may write in it (mode 777)`,
    ]);
    expect(readdirSync(join(root, 'aports-index'))).toEqual([]);
  });
});

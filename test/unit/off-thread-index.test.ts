import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexWorkerScript, readEntriesOffThread } from '../../server/src/aports/off-thread-index';
import { listAportFolders, readTreeEntries, settingsOf } from '../../server/src/aports/tree';
import { makeFifo } from '../helpers/fifo';
import { corpusRoot } from '../helpers/paths';

const settings = settingsOf({});

/** A tree of `count` small aports in main/, with one FIFO as an APKBUILD and one missing. */
function smallTree(count: number): string {
  const root = mkdtempSync(join(tmpdir(), 'off-thread-'));
  for (let i = 0; i < count; i++) {
    mkdirSync(join(root, 'main', `p${i}`), { recursive: true });
    writeFileSync(join(root, 'main', `p${i}`, 'APKBUILD'), `pkgname=p${i}\npkgver=1.${i}\n`);
  }
  mkdirSync(join(root, 'main', 'zz-fifo'));
  makeFifo(join(root, 'main', 'zz-fifo', 'APKBUILD'));
  mkdirSync(join(root, 'main', 'zz-none'));
  return root;
}

describe('indexing a tree on a worker thread (the language server does)', () => {
  it('gives the same entries as indexing on this thread, for the whole corpus', async () => {
    expect(indexWorkerScript()).not.toBeNull();
    const root = join(corpusRoot, 'aports');
    const paths = listAportFolders(root);
    const here = await readTreeEntries(root, paths, settings, undefined, false);
    const there = await readTreeEntries(root, paths, settings, undefined, true);
    expect(there.entries).toHaveLength(11_963);
    expect(there).toEqual(here);
  });

  it('names a FIFO it left out and passes over a missing file, as on this thread', async () => {
    const root = smallTree(250);
    const paths = listAportFolders(root);
    const there = await readTreeEntries(root, paths, settings, undefined, true);
    expect(there).toEqual(await readTreeEntries(root, paths, settings, undefined, false));
    expect([...there.unread.keys()]).toEqual(['main/zz-fifo/APKBUILD']);
    expect(there.entries.filter((e) => e !== null)).toHaveLength(250);
  });

  it('leaves every file to this thread when the worker cannot start, and reports progress', async () => {
    const root = smallTree(3);
    const paths = listAportFolders(root);
    const failed = await readEntriesOffThread(
      '/nonexistent/index-worker.js',
      root,
      paths,
      settings,
    );
    expect(failed.missing).toEqual(paths.map((_, i) => i));
    const progress: number[] = [];
    const done = await readEntriesOffThread(indexWorkerScript()!, root, paths, settings, (n) =>
      progress.push(n),
    );
    expect(done.missing).toEqual([]);
    expect(progress.at(-1)).toBe(paths.length);
  });
});

// Reading a tree's APKBUILDs on a worker thread ahead of the indexing thread (server/out's
// read-ahead-worker.js, which `npm test` builds first), against readFileSync of each file.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAportFolders } from '../../server/src/aports/tree';
import { readAheadScript, readTreeTexts } from '../../server/src/aports/read-ahead';
import type { ReadResult } from '../../server/src/aports/read-ahead-protocol';
import { corpusRoot, requireShared } from '../helpers/paths';
import { scratchDir } from '../helpers/scratch';

/** readFileSync's answer for each path: the text, or null when there is no such file. */
function readEach(root: string, paths: readonly string[]): (string | null)[] {
  return paths.map((path) => {
    try {
      return readFileSync(join(root, path), 'utf8');
    } catch {
      return null;
    }
  });
}

function takeAll(root: string, paths: readonly string[], script: string | null): ReadResult[] {
  const texts = readTreeTexts(root, paths, script);
  try {
    return paths.map((_, index) => texts.take(index));
  } finally {
    texts.close();
  }
}

/** A tree of `count` aports in main/, every seventh without an APKBUILD. */
function scratchTree(count: number): { root: string; paths: string[] } {
  const root = scratchDir('read-ahead-');
  for (let i = 0; i < count; i++) {
    const folder = join(root, 'main', `pkg${String(i).padStart(4, '0')}`);
    mkdirSync(folder, { recursive: true });
    if (i % 7 !== 3) writeFileSync(join(folder, 'APKBUILD'), `pkgname=pkg${i}\npkgver=1.${i}\n`);
  }
  return { root, paths: listAportFolders(root) };
}

const script = readAheadScript();

describe('read-ahead', () => {
  it('finds the worker script that the build put in server/out', () => {
    expect(script, 'run `npm run build` first').toMatch(/server\/out\/read-ahead-worker\.js$/);
  });

  it('gives the text of every APKBUILD of the corpus tree, in order, as readFileSync does', () => {
    requireShared();
    const root = join(corpusRoot, 'aports');
    const paths = listAportFolders(root);
    expect(paths.length).toBeGreaterThan(11_000);
    const taken = takeAll(root, paths, script);
    const expected = readEach(root, paths);
    const differing = paths.filter((_, i) => taken[i] !== expected[i]);
    expect(differing).toEqual([]);
  });

  it('gives null for a folder without an APKBUILD, with or without the worker', () => {
    const { root, paths } = scratchTree(400);
    const expected = readEach(root, paths);
    expect(expected.filter((text) => text === null)).toHaveLength(57);
    expect(takeAll(root, paths, script)).toEqual(expected);
    expect(takeAll(root, paths, null)).toEqual(expected);
  });

  it('gives the texts when taken out of order', () => {
    const { root, paths } = scratchTree(300);
    const expected = readEach(root, paths);
    const texts = readTreeTexts(root, paths, script);
    const order = paths.map((_, i) => i).reverse();
    const taken = new Map(order.map((i) => [i, texts.take(i)]));
    texts.close();
    expect(paths.map((_, i) => taken.get(i))).toEqual(expected);
  });

  it('gives a problem naming a file that is not one to read (a folder, a FIFO), without blocking', () => {
    const { root, paths } = scratchTree(300);
    // Two of the folders without an APKBUILD get one that is a folder, and one that is a FIFO
    // (readFileSync would wait for a writer forever, in the worker and then here).
    const [folder, fifo] = [122, 129];
    mkdirSync(join(root, paths[folder]));
    execFileSync('mkfifo', [join(root, paths[fifo])]);
    const others = paths.filter((_, i) => i !== folder && i !== fifo);
    for (const worker of [script, null]) {
      const taken = takeAll(root, paths, worker);
      expect(taken[folder]).toEqual({
        problem: `${join(root, paths[folder])}: is a folder, not an APKBUILD; left out of the index`,
      });
      expect(taken[fifo]).toEqual({
        problem: `${join(root, paths[fifo])}: is a FIFO, not an APKBUILD; left out of the index`,
      });
      expect(taken.filter((_, i) => i !== folder && i !== fifo)).toEqual(readEach(root, others));
    }
  });

  it('reads here what a worker claimed but never handed over', () => {
    // A worker that claims ten files and exits without posting them.
    const { root, paths } = scratchTree(300);
    const dir = scratchDir('read-ahead-worker-');
    const quitter = join(dir, 'quitter.js');
    writeFileSync(
      quitter,
      `const { workerData } = require('node:worker_threads');
       const slots = new Int32Array(workerData.shared);
       Atomics.add(slots, 0, 10);
       workerData.port.close();`,
    );
    expect(takeAll(root, paths, quitter)).toEqual(readEach(root, paths));
  });

  it('reads everything here when the worker script does not start', () => {
    const { root, paths } = scratchTree(300);
    const missing = join(scratchDir('read-ahead-none-'), 'no-such-worker.js');
    expect(takeAll(root, paths, missing)).toEqual(readEach(root, paths));
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { analyzeApkbuild } from '../../server/src/apkbuild';
import {
  AportsContext,
  isAportsTree,
  treeOf,
  type LoadedTree,
} from '../../server/src/aports-context';

function aport(root: string, name: string, body: string): string {
  mkdirSync(join(root, 'main', name), { recursive: true });
  const file = join(root, 'main', name, 'APKBUILD');
  writeFileSync(file, `pkgname=${name}\npkgver=1\npkgrel=0\n${body}`);
  return file;
}

describe('the server keeps an aports tree and its passes current', () => {
  it('loads in the background, then follows a changed APKBUILD', async () => {
    const root = mkdtempSync(join(tmpdir(), 'aports-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const target = aport(root, 'app', 'makedepends="liba-dev"\n');
    const lib = aport(root, 'liba', 'subpackages="$pkgname-dev"\n');
    aport(root, 'libb', 'subpackages="$pkgname-dev"\n');
    expect([isAportsTree(root), treeOf(target)]).toEqual([true, root]);

    let loaded: Promise<void> = Promise.resolve();
    let ready = 0;
    const context = new AportsContext(
      (_root, run) => (loaded = Promise.resolve().then(async () => void (await run()))),
      () => ready++,
    );
    expect(context.tree(target, '', 'alpine-base')).toBeNull(); // starts loading
    await loaded;
    const tree = context.tree(target, '', 'alpine-base') as LoadedTree;
    expect(tree.index.size).toBe(3);
    const model = analyzeApkbuild(`pkgname=app\npkgver=1\npkgrel=0\nmakedepends="liba-dev"\n`);
    const entry = context.entryOf(model, target);
    expect(context.passes(tree, entry).passes.passes).toEqual([['liba']]);

    writeFileSync(
      lib,
      'pkgname=liba\npkgver=1\npkgrel=0\nsubpackages="$pkgname-dev"\nmakedepends="libb-dev"\n',
    );
    expect(context.fileChanged(lib)).toBe(true);
    expect(context.passes(tree, entry).passes.passes).toEqual([['liba'], ['libb']]);
    expect(context.passes(tree, entry).without(['liba-dev'])).toEqual(['liba', 'libb']);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeApkbuild, parseShell } from '../../server/src/apkbuild';
import { walk } from '../../server/src/apkbuild/visit';
import { skimBraceGroup } from '../../server/src/apkbuild/skim-body';
import { entryFromValues, readEntry } from '../../server/src/aports/entry';
import { sourcedText } from '../helpers/sourced-text';
import { corpusFile, corpusPaths, corpusRoot } from '../helpers/paths';

/**
 * The aports index leaves function bodies unparsed (skim-body.ts). On every real APKBUILD the
 * skimmer must end each body where the parser does, or give up; and the index entries must be
 * those the fully parsed model gives.
 */
describe('function bodies skimmed for the aports index, on the whole corpus', () => {
  const files = corpusPaths().map((path) => ({
    path,
    text: readFileSync(corpusFile(path), 'utf8'),
  }));

  it('ends every { ... } body where the parser ends it, or leaves it to the parser', () => {
    let bodies = 0;
    let gaveUp = 0;
    const wrong: string[] = [];
    for (const { path, text } of files) {
      walk(parseShell(text).script, (node) => {
        if (node.kind !== 'function' || node.body.kind !== 'group') return;
        bodies++;
        const end = skimBraceGroup(text, node.body.start);
        if (end === null) gaveUp++;
        else if (end !== node.body.end)
          wrong.push(`${path}: ${node.name}() ends at ${end}, not ${node.body.end}`);
      });
    }
    console.log(`${bodies} function bodies; the skimmer left ${gaveUp} to the parser`);
    expect(wrong).toEqual([]);
    expect(bodies).toBeGreaterThan(39_000);
    expect(gaveUp / bodies).toBeLessThan(0.02);
  });

  it('gives every file the index entry of the fully parsed model', () => {
    const different: string[] = [];
    for (const { path, text } of files) {
      const [repo = '', folder = ''] = path.split('/');
      const startdir = join(corpusRoot, 'aports', repo, folder);
      const location = { repo, folder, startdir };
      const lazy = readEntry(text, location);
      const full = entryFromValues(
        analyzeApkbuild(sourcedText(text), { startdir, repo, carch: 'x86_64' }),
        location,
      );
      if (JSON.stringify(lazy) !== JSON.stringify(full)) different.push(path);
    }
    expect(different).toEqual([]);
  });
});

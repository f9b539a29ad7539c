import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared test data checked out beside the repository (never copied into it). */
export const sharedRoot = resolve(repoRoot, '..', 'shared');
export const corpusRoot = join(sharedRoot, 'corpus');
export const lighttpdExample = join(repoRoot, 'examples/lighttpd/APKBUILD');

export function requireShared(): void {
  if (!existsSync(join(corpusRoot, 'oracle.jsonl'))) {
    throw new Error(
      `the shared test data is missing: expected ${corpusRoot}/oracle.jsonl (a checkout of shared/ beside the repository)`,
    );
  }
}

/** One line of corpus/oracle.jsonl: the values bash held after sourcing a file like abuild does. */
export interface OracleRecord {
  path: string;
  functions: string[];
  [field: string]: unknown;
}

export function readOracle(): OracleRecord[] {
  requireShared();
  return readFileSync(join(corpusRoot, 'oracle.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as OracleRecord);
}

export function corpusFile(path: string): string {
  return join(corpusRoot, 'aports', path);
}

/** Every APKBUILD path of the corpus, as `repo/name/APKBUILD`. */
export function corpusPaths(): string[] {
  requireShared();
  const root = join(corpusRoot, 'aports');
  const paths: string[] = [];
  for (const repo of readdirSync(root).sort())
    for (const name of readdirSync(join(root, repo)).sort()) paths.push(`${repo}/${name}/APKBUILD`);
  return paths;
}

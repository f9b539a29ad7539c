/**
 * Reads apk's `/lib/apk/db/installed` (the APKINDEX record format, read by apkindex.ts) into
 * the neutral model: one component a record, keyed by name, with its `D:` tokens, the sonames
 * of its `so:` provides, licence, origin, maintainer, description, installed size and the `C:`
 * checksum as a SHA-1 hash; edges from each `D:` token to the record that satisfies it. The
 * same works for an APKINDEX already read by readApkIndex.
 */
import { parseIndexText, type ApkIndexRead, type IndexProblem } from '../apkindex';
import { hashFromApkChecksum, sonameOf } from './component-fields';
import { addEdgesFromDepends, providerMap } from './depends-edges';
import {
  emptyDocument,
  RefAllocator,
  type FormatProblem,
  type ReadResult,
  type SbomComponent,
} from './model';

/** `src: record 3 (P:foo): has no V: line` -> where `record 3 (P:foo)`, the rest the message. */
function formatProblemOf(problem: IndexProblem): FormatProblem {
  let message = problem.message.startsWith(`${problem.source}:`)
    ? problem.message.slice(problem.source.length + 1).trim()
    : problem.message;
  let where = '';
  const record = /^record \d+(?: \(P:[^)]*\))?:\s*/.exec(message);
  const line = /^line (\d+) is\s+/.exec(message);
  if (record) {
    where = record[0].replace(/:\s*$/, '');
    message = message.slice(record[0].length);
  } else if (line) {
    where = `line ${line[1]}`;
    message = message.slice(line[0].length);
  }
  return { source: problem.source, where, message };
}

/** The model of packages read from an installed db or an APKINDEX. */
export function documentFromIndex(read: ApkIndexRead): ReadResult {
  const document = emptyDocument();
  document.producer = 'apk';
  const refs = new RefAllocator();
  for (const pkg of read.packages) {
    const component: SbomComponent = {
      ref: refs.claim(pkg.name),
      name: pkg.name,
      version: pkg.version,
      arch: pkg.arch ?? null,
      origin: pkg.origin,
      purl: null,
      depends: pkg.depends.map((d) => d.token),
      provides: pkg.provides.flatMap((p) => sonameOf(p.token) ?? []),
      provideTokens: pkg.provides.map((p) => p.token),
      license: pkg.license ?? null,
      maintainer: pkg.maintainer ?? null,
      description: pkg.description ?? null,
      installedSize: pkg.installedSize,
    };
    const hash = pkg.checksum === undefined ? null : hashFromApkChecksum(pkg.checksum);
    if (hash !== null) component.hashes = [hash];
    document.components.push(component);
  }
  addEdgesFromDepends(document, providerMap(document));
  return { document, problems: read.problems.map(formatProblemOf) };
}

/** Reads installed-db text; never throws: problems name the file and the record or line. */
export function readInstalledDb(text: string, source: string): ReadResult {
  return documentFromIndex(parseIndexText(text, source));
}

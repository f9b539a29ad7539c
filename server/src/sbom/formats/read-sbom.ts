/**
 * One entry point for every SBOM-like input: the format is found from the content (a file
 * name only helps for an installed db whose content is broken), then the reader for it runs.
 * JSON that does not parse is still sent to the reader its keys point at, so the problem
 * names the line and column.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { capRepeated, placedSummary } from '../../repeated-problems';
import { readApkIndex } from '../apkindex';
import { isGzip, looksLikeTar } from '../tar';
import { looksLikeBomresolver, readBomresolver } from './bomresolver-reader';
import { readCycloneDx } from './cyclonedx-reader';
import { readDesiredSbom } from './desired-sbom';
import { documentFromIndex, readInstalledDb } from './installed-db-reader';
import {
  describeJson,
  emptyDocument,
  guessFormat,
  isRecord,
  type FormatProblem,
  type SbomDocument,
  type SbomReader,
} from './model';
import { readSpdx } from './spdx-reader';
import { readSpdxTagValue } from './spdx-tag-value-reader';
import { readSyftJson } from './syft-json-reader';

export type SbomFormat =
  | 'cyclonedx-json'
  | 'spdx-json'
  | 'spdx-tag-value'
  | 'syft-json'
  | 'bomresolver-json'
  | 'apk-installed-db'
  | 'apkindex'
  | 'desired-sbom'
  | 'unknown';

export interface SbomRead {
  format: SbomFormat;
  document: SbomDocument;
  problems: FormatProblem[];
}

const READERS: Record<Exclude<SbomFormat, 'unknown' | 'apkindex'>, SbomReader> = {
  'cyclonedx-json': readCycloneDx,
  'spdx-json': readSpdx,
  'spdx-tag-value': readSpdxTagValue,
  'syft-json': readSyftJson,
  'bomresolver-json': readBomresolver,
  'apk-installed-db': readInstalledDb,
  'desired-sbom': readDesiredSbom,
};

const READS =
  'CycloneDX JSON, SPDX JSON or tag-value, syft JSON, a bomresolver result, ' +
  'an apk installed db or APKINDEX, or a desired-SBOM list';

export type DetectedFormat =
  { format: Exclude<SbomFormat, 'unknown'> } | { format: 'unknown'; looks: string };

function detectJson(text: string): DetectedFormat {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    // Keys are enough to choose the reader, which then says where the JSON breaks.
    if (/"bomFormat"\s*:\s*"CycloneDX"/.test(text)) return { format: 'cyclonedx-json' };
    if (/"spdxVersion"\s*:/.test(text)) return { format: 'spdx-json' };
    if (/"artifacts"\s*:/.test(text)) return { format: 'syft-json' };
    if (/"(secondary|pipeline)"\s*:/.test(text)) return { format: 'bomresolver-json' };
    return { format: 'unknown', looks: 'JSON that does not parse, with no key of a known format' };
  }
  if (!isRecord(root)) return { format: 'unknown', looks: `JSON holding ${describeJson(root)}` };
  if (root.bomFormat !== undefined) return { format: 'cyclonedx-json' };
  if (root.spdxVersion !== undefined) return { format: 'spdx-json' };
  if (Array.isArray(root.artifacts)) return { format: 'syft-json' };
  if (looksLikeBomresolver(root)) return { format: 'bomresolver-json' };
  const keys = Object.keys(root).slice(0, 6).join(', ');
  return { format: 'unknown', looks: guessFormat(root) ?? `JSON with the keys ${keys || 'none'}` };
}

/** A name-per-line list: each line, without its comment, holds package-name words only. */
function isNameList(lines: string[]): boolean {
  return lines.every((line) => {
    const body = line.replace(/#.*$/, '').trim();
    return body === '' || body.split(/\s+/).every((w) => /^[A-Za-z0-9][\w.+-]*$/.test(w));
  });
}

export function detectSbomFormat(text: string, source: string): DetectedFormat {
  if (text.includes('\0')) return { format: 'unknown', looks: 'binary data' };
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return { format: 'unknown', looks: 'an empty file' };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return detectJson(trimmed);
  if (/^SPDXVersion:/m.test(trimmed)) return { format: 'spdx-tag-value' };
  if (/^P:\S/m.test(trimmed) && /^V:\S/m.test(trimmed)) return { format: 'apk-installed-db' };
  // syft's test data holds a db whose whole content is `bogus db contents`: the name says it.
  if (/(^|[/_])(installed|APKINDEX)$/.test(basename(source))) return { format: 'apk-installed-db' };
  const lines = trimmed.split(/\r?\n/);
  if (isNameList(lines)) return { format: 'desired-sbom' };
  const bad = lines.findIndex((l) => !isNameList([l]));
  return {
    format: 'unknown',
    looks: `text whose line ${bad + 1} ('${lines[bad].trim().slice(0, 40)}') is no package name`,
  };
}

/** Reads any format this folder knows; never throws. */
export function readSbomText(text: string, source: string): SbomRead {
  const detected = detectSbomFormat(text, source);
  if (detected.format === 'unknown' || detected.format === 'apkindex') {
    const looks = detected.format === 'unknown' ? detected.looks : 'an APKINDEX';
    const message = `not a format this reads (${READS}): it looks like ${looks}`;
    return {
      format: 'unknown',
      document: emptyDocument(),
      problems: [{ source, where: '', message }],
    };
  }
  const read = READERS[detected.format](text.replace(/^\uFEFF/, ''), source);
  const problems = capRepeated(read.problems, placedSummary(''));
  return { format: detected.format, document: read.document, problems };
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a file of any format this folder knows, or says why it cannot (naming the file). */
export function readSbomFile(path: string): SbomRead | { error: string } {
  let bytes: Buffer;
  try {
    if (statSync(path).isDirectory()) return { error: `${path}: is a folder, not an SBOM file` };
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { error: `${path}: cannot read: ${why}` };
  }
  if (isGzip(bytes) || looksLikeTar(bytes)) {
    return { format: 'apkindex', ...documentFromIndex(readApkIndex(bytes, path)) };
  }
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    return { error: `${path}: not a format this reads (${READS}): it is not UTF-8 text` };
  }
  const read = readSbomText(text, path);
  if (read.format === 'unknown') return { error: `${path}: ${read.problems[0].message}` };
  return read;
}

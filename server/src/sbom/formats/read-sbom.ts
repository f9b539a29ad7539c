/**
 * One entry point for every SBOM-like input: the format is found from the content (a file
 * name only helps for an installed db whose content is broken), then the reader for it runs.
 * JSON that does not parse is still sent to the reader its keys point at, so the problem
 * names the line and column.
 */
import { basename } from 'node:path';
import { capRepeated, placedSummary } from '../../repeated-problems';
import { readInputFile } from '../../input-file';
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

/** How much of an SBOM is read: real ones are a few MB and a few thousand components. */
export interface SbomLimits {
  /** Files larger than this are refused before they are read. */
  maxBytes: number;
  /** Documents with more components are refused: everything after reading is per component. */
  maxComponents: number;
}

export const DEFAULT_SBOM_LIMITS: SbomLimits = {
  maxBytes: 128 * 1024 * 1024,
  maxComponents: 200_000,
};

function unreadable(source: string, message: string): SbomRead {
  return {
    format: 'unknown',
    document: emptyDocument(),
    problems: [{ source, where: '', message }],
  };
}

/** Reads any format this folder knows; never throws. */
export function readSbomText(
  text: string,
  source: string,
  limits: SbomLimits = DEFAULT_SBOM_LIMITS,
): SbomRead {
  let read: SbomRead;
  try {
    const detected = detectSbomFormat(text, source);
    if (detected.format === 'unknown' || detected.format === 'apkindex') {
      const looks = detected.format === 'unknown' ? detected.looks : 'an APKINDEX';
      return unreadable(source, `not a format this reads (${READS}): it looks like ${looks}`);
    }
    const { document, problems } = READERS[detected.format](text.replace(/^\uFEFF/, ''), source);
    read = { format: detected.format, document, problems };
  } catch (error) {
    // The readers walk nested components by recursion: a document nested thousands deep
    // exhausts the stack (RangeError) long before any real SBOM would.
    if (!(error instanceof RangeError)) throw error;
    return unreadable(source, `cannot be read: nested too deeply or too large (${error.message})`);
  }
  const count = read.document.components.length;
  if (count > limits.maxComponents) {
    return unreadable(
      source,
      `holds ${count} components, more than ${limits.maxComponents} (the limit); not read`,
    );
  }
  return { ...read, problems: capRepeated(read.problems, placedSummary('')) };
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a file of any format this folder knows, or says why it cannot (naming the file): not
 * a regular file (a FIFO would block the reader forever), larger than the limits, unreadable.
 */
export function readSbomFile(
  path: string,
  limits: SbomLimits = DEFAULT_SBOM_LIMITS,
): SbomRead | { error: string } {
  const file = readInputFile(path, { what: 'an SBOM file', maxBytes: limits.maxBytes });
  if (!file.ok) return { error: file.message };
  const { bytes } = file;
  if (isGzip(bytes) || looksLikeTar(bytes)) {
    const index = readApkIndex(bytes, path);
    if (index.refused !== undefined) return { error: index.refused };
    return { format: 'apkindex', ...documentFromIndex(index) };
  }
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    return { error: `${path}: not a format this reads (${READS}): it is not UTF-8 text` };
  }
  const read = readSbomText(text, path, limits);
  if (read.format === 'unknown') return { error: `${path}: ${read.problems[0].message}` };
  return read;
}

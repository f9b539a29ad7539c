import type { VersionOp } from './apk-version';
import { unwrapIndex } from './index-archive';
import { parseText } from './index-records';
import { DEFAULT_UNPACK_LIMITS, type UnpackLimits } from './tar';

/**
 * APKINDEX and `/lib/apk/db/installed`: records separated by blank lines, one `L:value` field a
 * line. APKINDEX.tar.gz wraps the index in a gzipped tar (signature member, then the index).
 */

/** One `D:` or `i:` token: `name`, `name>=1.2`, `so:libz.so.1`, `!conflict`. */
export interface Dependency {
  token: string;
  name: string;
  op?: VersionOp;
  version?: string;
  /** `!name`: the package must not be installed alongside. */
  conflict: boolean;
}

/** One `p:` token: `so:libssl.so.3=3.1.4-r1`, `cmd:foo=1`, or a virtual name without version. */
export interface Provide {
  token: string;
  name: string;
  version?: string;
}

export interface ApkPackage {
  name: string;
  version: string;
  arch?: string;
  size?: number;
  installedSize: number;
  description?: string;
  url?: string;
  license?: string;
  /** The source package (`o:`); the package's own name when the record has none. */
  origin: string;
  maintainer?: string;
  buildTime?: number;
  commit?: string;
  /** `C:`: `Q1` and the base64 SHA-1 of the package's control segment. */
  checksum?: string;
  depends: Dependency[];
  provides: Provide[];
  installIf: Dependency[];
  providerPriority?: number;
  /** Read from a source that carries no `k:` (an SBOM): apk's rules on it are not applied. */
  providerPriorityUnknown?: boolean;
  /** depends came from an SBOM's edges, which do not say which of them are libraries */
  linksUnknown?: boolean;
  /** Where it was read: the source given to readApkIndex and the 1-based record number. */
  source: string;
  record: number;
}

export interface IndexProblem {
  source: string;
  /** 1-based record number, when the problem is inside a record. */
  record?: number;
  /** The record's `P:` value, when it has one. */
  name?: string;
  /** The whole problem, naming source and record: `APKINDEX: record 3 (P:foo): no V: line`. */
  message: string;
}

export interface ApkIndexRead {
  packages: ApkPackage[];
  problems: IndexProblem[];
  /**
   * Set when the input cannot be used at all (not an index, no sound record, a limit passed):
   * the whole message, naming the source. packages is then empty; problems holds it too,
   * except when no record was sound, where the records' own problems say why.
   */
  refused?: string;
  /** The tar's DESCRIPTION (`v3.19.0-327-g6edd0d6d61c`), when it has one. */
  description?: string;
}

/** How much of an index is read: an input past a limit costs at most the limit. */
export interface IndexLimits extends UnpackLimits {
  /** Most records; an index with more is refused. */
  maxRecords: number;
  /** Longest line, in characters; a record with a longer line is skipped. */
  maxLineLength: number;
  /** Most `D:`, `p:` and `i:` tokens of all records together; past it the index is refused. */
  maxTokens: number;
  /** Most problems listed; the rest are counted in one last problem. */
  maxProblems: number;
}

/**
 * Far above real indexes (v3.19 main: 5,436 records, 24,383 tokens, longest line 7,405
 * characters; community is about four times main), yet a bomb of tiny records stays within a
 * few hundred MB.
 */
export const DEFAULT_INDEX_LIMITS: IndexLimits = {
  ...DEFAULT_UNPACK_LIMITS,
  maxRecords: 200_000,
  maxLineLength: 1024 * 1024,
  maxTokens: 2_000_000,
  maxProblems: 1_000,
};

export { parseDependency, parseProvide } from './index-records';

/**
 * Parses index text; `truncated` says the text was cut short, so its last record is dropped.
 * Lines are found one at a time (a split of a huge text would copy it), and the limits bound
 * records, line length, tokens and problems. Never throws.
 */
export function parseIndexText(
  text: string,
  source: string,
  truncated = false,
  limits: IndexLimits = DEFAULT_INDEX_LIMITS,
): ApkIndexRead {
  return parseText(text, source, { truncated, limits, container: null });
}

/**
 * Reads an APKINDEX (plain text or APKINDEX.tar.gz) or an installed db. Never throws: bad bytes
 * give problems naming the source and the record, and every sound record is still read; an
 * input that yields no record, or passes a limit, is `refused` with a message saying why.
 */
export function readApkIndex(
  bytes: Buffer,
  source: string,
  limits: IndexLimits = DEFAULT_INDEX_LIMITS,
): ApkIndexRead {
  const unwrapped = unwrapIndex(bytes, limits);
  const problems = unwrapped.problems.map((message) => ({
    source,
    message: `${source}: ${message}`,
  }));
  if ('refused' in unwrapped) {
    const message = `${source}: ${unwrapped.refused}`;
    return { packages: [], problems: [...problems, { source, message }], refused: message };
  }
  const { text, truncated, container, description } = unwrapped;
  const read = parseText(text, source, { truncated, limits, container });
  return {
    ...read,
    problems: [...problems, ...read.problems],
    ...(description !== undefined ? { description } : {}),
  };
}

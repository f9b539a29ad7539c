import { capRepeated, sourcedSummary } from '../repeated-problems';
import type { VersionOp } from './apk-version';
import { gunzipAll, isGzip, looksLikeTar, readTar } from './tar';

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
}

const DEPENDENCY = /^(!?)([^\s<>=~!]+)(?:(<=|>=|=~|~=|<|>|=|~)([^\s<>=~!]+))?$/;

export function parseDependency(token: string): Dependency | undefined {
  const match = DEPENDENCY.exec(token);
  if (!match) return undefined;
  const [, bang, name, op, version] = match;
  const dependency: Dependency = { token, name, conflict: bang === '!' };
  if (op !== undefined) {
    dependency.op = op === '=~' || op === '~=' ? '~' : (op as VersionOp);
    dependency.version = version;
  }
  return dependency;
}

export function parseProvide(token: string): Provide | undefined {
  const match = /^([^\s<>=~!]+)(?:=([^\s<>=~!]+))?$/.exec(token);
  if (!match) return undefined;
  return match[2] === undefined
    ? { token, name: match[1] }
    : { token, name: match[1], version: match[2] };
}

interface Field {
  key: string;
  value: string;
  line: number;
}

class RecordReader {
  readonly packages: ApkPackage[] = [];
  readonly problems: IndexProblem[] = [];
  private count = 0;

  constructor(private readonly source: string) {}

  problem(message: string, record?: number, name?: string): void {
    const where = record === undefined ? '' : ` record ${record}${name ? ` (P:${name})` : ''}:`;
    this.problems.push({
      source: this.source,
      record,
      name,
      message: `${this.source}:${where} ${message}`,
    });
  }

  /** Reads one record's fields; `cutOff` records end where the data was truncated. */
  read(fields: Field[], cutOff = false): void {
    const record = ++this.count;
    const name = fields.find((f) => f.key === 'P')?.value || undefined;
    if (cutOff) {
      this.problem('cut off where the data ends; skipped', record, name);
      return;
    }
    const version = fields.find((f) => f.key === 'V')?.value;
    if (!name || !version) {
      const missing = [name ? '' : 'P:', version ? '' : 'V:'].filter(Boolean).join(' and ');
      this.problem(`has no ${missing} line (line ${fields[0].line}); skipped`, record, name);
      return;
    }
    const pkg: ApkPackage = {
      name,
      version,
      installedSize: 0,
      origin: name,
      depends: [],
      provides: [],
      installIf: [],
      source: this.source,
      record,
    };
    for (const { key, value, line } of fields) this.field(pkg, key, value, line);
    this.packages.push(pkg);
  }

  private number(pkg: ApkPackage, key: string, value: string, line: number): number | undefined {
    if (/^-?\d+$/.test(value)) return Number(value);
    this.problem(`${key}:${value} on line ${line} is not a number`, pkg.record, pkg.name);
    return undefined;
  }

  private tokens<T>(
    pkg: ApkPackage,
    key: string,
    value: string,
    line: number,
    parse: (token: string) => T | undefined,
  ): T[] {
    const parsed: T[] = [];
    for (const token of value.split(/\s+/).filter(Boolean)) {
      const result = parse(token);
      if (result === undefined)
        this.problem(`cannot parse ${key}: token '${token}' on line ${line}`, pkg.record, pkg.name);
      else parsed.push(result);
    }
    return parsed;
  }

  private field(pkg: ApkPackage, key: string, value: string, line: number): void {
    switch (key) {
      case 'A':
        pkg.arch = value;
        break;
      case 'S':
        pkg.size = this.number(pkg, key, value, line);
        break;
      case 'I':
        pkg.installedSize = this.number(pkg, key, value, line) ?? 0;
        break;
      case 'T':
        pkg.description = value;
        break;
      case 'U':
        pkg.url = value;
        break;
      case 'L':
        pkg.license = value;
        break;
      case 'o':
        pkg.origin = value || pkg.name;
        break;
      case 'm':
        pkg.maintainer = value;
        break;
      case 't':
        pkg.buildTime = this.number(pkg, key, value, line);
        break;
      case 'C':
        pkg.checksum = value;
        break;
      case 'c':
        pkg.commit = value;
        break;
      case 'k':
        pkg.providerPriority = this.number(pkg, key, value, line);
        break;
      case 'D':
        pkg.depends.push(...this.tokens(pkg, key, value, line, parseDependency));
        break;
      case 'p':
        pkg.provides.push(...this.tokens(pkg, key, value, line, parseProvide));
        break;
      case 'i':
        pkg.installIf.push(...this.tokens(pkg, key, value, line, parseDependency));
        break;
    }
  }
}

/** Parses index text; `truncated` says the text was cut short, so its last record is dropped. */
export function parseIndexText(text: string, source: string, truncated = false): ApkIndexRead {
  const reader = new RecordReader(source);
  let fields: Field[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') {
      if (fields.length > 0) reader.read(fields);
      fields = [];
      return;
    }
    const match = /^([A-Za-z]):(.*)$/.exec(line);
    if (match) fields.push({ key: match[1], value: match[2], line: i + 1 });
    else reader.problem(`line ${i + 1} is not a 'X:value' field: '${line.slice(0, 60)}'`);
  });
  if (fields.length > 0) reader.read(fields, truncated);
  const problems = capRepeated(reader.problems, sourcedSummary('records'));
  return { packages: reader.packages, problems };
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

function problemOnly(source: string, messages: string[]): IndexProblem[] {
  return messages.map((message) => ({ source, message: `${source}: ${message}` }));
}

/**
 * Reads an APKINDEX (plain text or APKINDEX.tar.gz) or an installed db. Never throws: bad bytes
 * give problems naming the source and the record, and every sound record is still read.
 */
export function readApkIndex(bytes: Buffer, source: string): ApkIndexRead {
  const gzip = isGzip(bytes);
  if (!gzip && !looksLikeTar(bytes)) {
    const text = decodeText(bytes);
    if (text !== undefined) return parseIndexText(text, source);
    return { packages: [], problems: problemOnly(source, ['not gzip, tar or APKINDEX text']) };
  }
  const problems: string[] = [];
  let tar = bytes;
  if (gzip) {
    const unzipped = gunzipAll(bytes);
    problems.push(...unzipped.problems);
    tar = unzipped.value;
  }
  const entries = readTar(tar);
  problems.push(...entries.problems);
  const entry = entries.value.find((e) => e.name === 'APKINDEX' || e.name === './APKINDEX');
  if (!entry) {
    const names = entries.value.map((e) => e.name).join(', ') || 'none';
    problems.push(`no APKINDEX entry in the tar (entries: ${names})`);
    return { packages: [], problems: problemOnly(source, problems) };
  }
  // A truncated entry may end inside a character: decode leniently, only refuse binary data.
  const text = entry.data.includes(0) ? undefined : entry.data.toString('utf8');
  if (text === undefined) {
    problems.push('the APKINDEX entry is not text');
    return { packages: [], problems: problemOnly(source, problems) };
  }
  const read = parseIndexText(text, source, entry.truncated);
  return {
    packages: read.packages,
    problems: [...problemOnly(source, problems), ...read.problems],
  };
}

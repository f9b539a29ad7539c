/**
 * The records of index text: one `L:value` field a line, records separated by blank lines,
 * read into packages with problems naming the source, the record and the line.
 */
import { capRepeated, sourcedSummary } from '../repeated-problems';
import type { VersionOp } from './apk-version';
import type {
  ApkIndexRead,
  ApkPackage,
  Dependency,
  IndexLimits,
  IndexProblem,
  Provide,
} from './apkindex';

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
  /** Why reading stopped and nothing is kept (a limit passed), without the source. */
  refused: string | null = null;
  private count = 0;
  private tokenCount = 0;
  private unlisted = 0;

  constructor(
    private readonly source: string,
    private readonly limits: IndexLimits,
  ) {}

  problem(message: string, record?: number, name?: string): void {
    if (this.problems.length >= this.limits.maxProblems) {
      this.unlisted++;
      return;
    }
    const where = record === undefined ? '' : ` record ${record}${name ? ` (P:${name})` : ''}:`;
    this.problems.push({
      source: this.source,
      record,
      name,
      message: `${this.source}:${where} ${message}`,
    });
  }

  /** The problems, with the count of those past the limit as one more. */
  listed(): IndexProblem[] {
    if (this.unlisted === 0) return this.problems;
    const message = `${this.source}: ${this.unlisted} more problems not listed (the limit is ${this.limits.maxProblems})`;
    return [...this.problems, { source: this.source, message }];
  }

  /** Whether any record was seen, sound or not. */
  get records(): number {
    return this.count;
  }

  /**
   * Reads one record's fields; `skip` says why a record is not read (cut off where the data
   * ends, a line past the limit).
   */
  read(fields: Field[], skip?: string): void {
    const record = ++this.count;
    if (record > this.limits.maxRecords) {
      this.refused = `more than ${this.limits.maxRecords} records (the limit); not read`;
      return;
    }
    const name = fields.find((f) => f.key === 'P')?.value || undefined;
    if (skip !== undefined) {
      this.problem(`${skip}; skipped`, record, name);
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
    for (const field of fields) this.field(pkg, field);
    this.packages.push(pkg);
  }

  private number(pkg: ApkPackage, key: string, value: string, line: number): number | undefined {
    if (/^-?\d+$/.test(value)) return Number(value);
    this.problem(`${key}:${value} on line ${line} is not a number`, pkg.record, pkg.name);
    return undefined;
  }

  /** Adds the tokens of `value` to `into`, one by one: a spread of a huge list overflows. */
  private tokens<T>(
    into: T[],
    pkg: ApkPackage,
    key: string,
    { value, line }: Field,
    parse: (token: string) => T | undefined,
  ): void {
    const tokens = value.split(/\s+/).filter(Boolean);
    this.tokenCount += tokens.length;
    if (this.tokenCount > this.limits.maxTokens) {
      this.refused = `more than ${this.limits.maxTokens} D:, p: and i: tokens (the limit); not read`;
      return;
    }
    for (const token of tokens) {
      const result = parse(token);
      if (result === undefined)
        this.problem(`cannot parse ${key}: token '${token}' on line ${line}`, pkg.record, pkg.name);
      else into.push(result);
    }
  }

  private field(pkg: ApkPackage, field: Field): void {
    const { key, value, line } = field;
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
        this.tokens(pkg.depends, pkg, key, field, parseDependency);
        break;
      case 'p':
        this.tokens(pkg.provides, pkg, key, field, parseProvide);
        break;
      case 'i':
        this.tokens(pkg.installIf, pkg, key, field, parseDependency);
        break;
    }
  }
}

/** What a text without a single record holds, for "not an APKINDEX: ...". */
function describeText(text: string): string {
  const rest = text.trimStart();
  if (rest === '') return 'empty text';
  const newline = rest.indexOf('\n');
  const first = (newline < 0 ? rest : rest.slice(0, newline)).slice(0, 60).trimEnd();
  return `text whose first line is not a 'X:value' field: '${first}'`;
}

export interface TextOptions {
  /** The text was cut short: its last record is dropped. */
  truncated: boolean;
  limits: IndexLimits;
  /** Where the text was found (`the tar's APKINDEX entry`), for "not an APKINDEX". */
  container: string | null;
}

export function parseText(text: string, source: string, options: TextOptions): ApkIndexRead {
  const { limits } = options;
  const reader = new RecordReader(source, limits);
  let fields: Field[] = [];
  /** Why the record being read is skipped: one of its lines is past the limit. */
  let skip: string | undefined;
  let line = 0;
  for (let start = 0; start <= text.length && reader.refused === null;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const from = start;
    start = end + 1;
    line++;
    const length = end - from;
    if (length > limits.maxLineLength) {
      skip ??= `line ${line} is ${length} characters long (the limit is ${limits.maxLineLength})`;
      continue;
    }
    const raw = text.slice(from, end);
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (content === '') {
      if (fields.length > 0 || skip !== undefined) reader.read(fields, skip);
      fields = [];
      skip = undefined;
      continue;
    }
    const match = /^([A-Za-z]):(.*)$/.exec(content);
    if (match) fields.push({ key: match[1], value: match[2], line });
    else reader.problem(`line ${line} is not a 'X:value' field: '${content.slice(0, 60)}'`);
  }
  if (reader.refused === null && (fields.length > 0 || skip !== undefined))
    reader.read(fields, options.truncated ? 'cut off where the data ends' : skip);
  return finish(reader, source, () =>
    options.container === null
      ? describeText(text)
      : `${options.container} holds ${describeText(text)}`,
  );
}

/**
 * The read, or its refusal: past a limit nothing is kept (the limit is the one problem);
 * without a single sound record the index is of no use, and `refused` says what the text held
 * instead, beside the problems that tell why.
 */
function finish(reader: RecordReader, source: string, found: () => string): ApkIndexRead {
  if (reader.refused !== null) {
    const message = `${source}: ${reader.refused}`;
    return { packages: [], problems: [{ source, message }], refused: message };
  }
  // The first few of each kind, then a count (99,000 records without V: are one line more).
  const problems = capRepeated(reader.listed(), sourcedSummary('records'));
  if (reader.packages.length > 0) return { packages: reader.packages, problems };
  const first = problems[0]?.message.slice(source.length + 2) ?? 'every record was skipped';
  const why =
    reader.records === 0 ? `not an APKINDEX: ${found()}` : `no record could be read (${first})`;
  return { packages: [], problems, refused: `${source}: ${why}` };
}

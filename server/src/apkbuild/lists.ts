import type { Span, Word } from './syntax';

/** Variables whose value abuild splits into words. */
export const LIST_VARIABLES = new Set([
  'arch',
  'depends',
  'depends_dev',
  'makedepends',
  'makedepends_build',
  'makedepends_host',
  'checkdepends',
  'subpackages',
  'source',
  'options',
  'provides',
  'replaces',
  'install',
  'triggers',
  'install_if',
  'pkgusers',
  'pkggroups',
  'sha512sums',
  'sha256sums',
  'md5sums',
]);

/** One word of a list variable as written in one assignment. */
export interface ListItem {
  /** The source text of the item, without surrounding quotes. */
  text: string;
  range: Span;
  /** The item contains an expansion (`$pkgname-doc`, `$makedepends`); its text is not its value. */
  hasExpansion: boolean;
}

/** Splits the source text of an assignment's value into list items with exact ranges. */
export function splitListItems(source: string, value: Word): ListItem[] {
  const expansions = new Map<number, number>();
  collectExpansions(value, expansions);
  const items: ListItem[] = [];
  let start = -1;
  let end = -1;
  let hasExpansion = false;
  const close = (): void => {
    if (start >= 0)
      items.push({ text: source.slice(start, end), range: { start, end }, hasExpansion });
    start = -1;
    hasExpansion = false;
  };
  for (let i = value.start; i < value.end; i++) {
    const c = source.charCodeAt(i);
    const expansionEnd = expansions.get(i);
    if (expansionEnd !== undefined) {
      if (start < 0) start = i;
      end = expansionEnd;
      hasExpansion = true;
      i = expansionEnd - 1;
    } else if (c === 32 || c === 9 || c === 10 || c === 13) close();
    else if (c === 92 && source.charCodeAt(i + 1) === 10) {
      close();
      i++;
    } else if (c !== 34 && c !== 39) {
      if (start < 0) start = i;
      end = i + 1;
    }
  }
  close();
  return items;
}

function collectExpansions(word: Word, into: Map<number, number>): void {
  for (const part of word.parts) {
    if (
      part.kind === 'parameter' ||
      part.kind === 'command-substitution' ||
      part.kind === 'arithmetic'
    )
      into.set(part.start, part.end);
    else if (part.kind === 'double-quoted') collectExpansions({ ...word, parts: part.parts }, into);
  }
}

/** `name[:function[:arch]]` of a subpackages entry. */
export interface SubpackageSpec {
  name: string;
  splitFunction: string | null;
  arch: string | null;
}

export function parseSubpackage(entry: string): SubpackageSpec {
  if (!entry.includes(':')) return { name: entry, splitFunction: null, arch: null };
  const [name = '', splitFunction, arch] = entry.split(':');
  return { name, splitFunction: splitFunction || null, arch: arch || null };
}

/** Completion subpackages abuild splits with a function of another name (abuild.in, subpkg_set). */
const COMPLETION_SPLITS: readonly [suffix: string, fn: string][] = [
  ['-bash-completion', 'bashcomp'],
  ['-zsh-completion', 'zshcomp'],
  ['-fish-completion', 'fishcomp'],
];

/**
 * The function abuild calls to split a subpackages entry: the `func` of `name:func[:arch]` when
 * given, else bashcomp/zshcomp/fishcomp for a `-bash-completion` ... name, else the part of the
 * name after its last dash (`lighttpd-mod_auth` calls `mod_auth`, `foo-shared::noarch` calls
 * `shared`).
 */
export function splitFunctionOf(entry: string): string {
  const spec = parseSubpackage(entry);
  if (spec.splitFunction) return spec.splitFunction;
  const completion = COMPLETION_SPLITS.find(([suffix]) => spec.name.endsWith(suffix));
  return completion ? completion[1] : spec.name.slice(spec.name.lastIndexOf('-') + 1);
}

/** The split functions abuild defines itself (abuild.in: "predefined splitfunc"). */
export const ABUILD_SPLIT_FUNCTIONS: ReadonlySet<string> = new Set([
  'lang',
  'doc',
  'dbg',
  'dev',
  'static',
  'libs',
  'openrc',
  'systemd',
  'udev',
  'devhelp',
  'bashcomp',
  'zshcomp',
  'fishcomp',
  'pyc',
  'nftrules',
]);

/** `filename::url` renames a download; otherwise the file name is the URL's last segment. */
export interface SourceSpec {
  filename: string;
  url: string | null;
}

export function parseSource(entry: string): SourceSpec {
  const rename = entry.indexOf('::');
  if (rename >= 0) return { filename: entry.slice(0, rename), url: entry.slice(rename + 2) };
  if (/^[a-z+]+:\/\//.test(entry))
    return { filename: entry.slice(entry.lastIndexOf('/') + 1), url: entry };
  return { filename: entry, url: null };
}

/** One line of `sha512sums`: the checksum and the file it belongs to, each with its range. */
export interface ChecksumLine {
  algorithm: 'sha512' | 'sha256' | 'md5';
  hash: string;
  file: string;
  hashRange: Span;
  fileRange: Span;
  /** The whole line, without its newline. */
  lineRange: Span;
}

const CHECKSUM_LINE = /^([ \t]*)([0-9a-fA-F]{32,128})([ \t]+)(\S+)[ \t]*$/gm;

/** Reads `HASH  FILE` lines from the value of a sha512sums (or sha256sums, md5sums) assignment. */
export function readChecksumLines(source: string, name: string, value: Word): ChecksumLine[] {
  const algorithm = name === 'sha256sums' ? 'sha256' : name === 'md5sums' ? 'md5' : 'sha512';
  const text = source.slice(value.start, value.end).replace(/["']/g, ' ');
  const lines: ChecksumLine[] = [];
  for (const match of text.matchAll(CHECKSUM_LINE)) {
    const lineStart = value.start + match.index;
    const hashStart = lineStart + match[1].length;
    const fileStart = hashStart + match[2].length + match[3].length;
    lines.push({
      algorithm,
      hash: match[2],
      file: match[4],
      hashRange: { start: hashStart, end: hashStart + match[2].length },
      fileRange: { start: fileStart, end: fileStart + match[4].length },
      lineRange: { start: lineStart, end: lineStart + match[0].length },
    });
  }
  return lines;
}

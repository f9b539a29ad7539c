/**
 * bomresolver's desired SBOM: plain text, one package per line. Blank lines and `#` comments
 * are ignored, except `#S`, which marks a package as strategic in three spellings:
 *
 *   connexion #S     the package on the same line (the form bomres's own lists use)
 *   #S connexion     `#S` followed by exactly one word: that word is a strategic package
 *   #S               alone on its line: the next package line
 *
 * `#S` followed by several words is a plain comment. A trailing `# comment` after a name is
 * ignored; `#S...` only counts when `S` stands alone (`#Sqlite` is a comment). A name listed
 * twice is read once (bomres does the same).
 */
import { emptyDocument, ProblemLog, type ReadResult } from './model';

export interface DesiredEntry {
  name: string;
  strategic: boolean;
  /** 1-based line it was read from (0 when built in code). */
  line: number;
}

export interface DesiredReadResult extends ReadResult {
  entries: DesiredEntry[];
}

/** `S` alone, or followed by whitespace: the marker. */
const MARK = /^S(?:\s|$)/;

/** Reads a desired SBOM; never throws. The document lists the names, all else unknown. */
export function readDesiredSbom(text: string, source: string): DesiredReadResult {
  const log = new ProblemLog(source);
  const entries: DesiredEntry[] = [];
  const byName = new Map<string, DesiredEntry>();
  let pendingMark: number | null = null;

  const add = (name: string, strategic: boolean, line: number): void => {
    const first = byName.get(name);
    if (first !== undefined) {
      // bomres lists some names twice (jansson in its base_os list); only a #S on one of the
      // two lines is worth saying, since it makes the first strategic too.
      if (first.strategic !== strategic) {
        const marked = strategic ? `line ${line}` : `line ${first.line}`;
        log.add(
          `line ${line}`,
          `${name} is listed twice (first on line ${first.line}), marked #S only on ${marked}; read as strategic`,
        );
      }
      first.strategic ||= strategic;
      return;
    }
    const entry = { name, strategic, line };
    byName.set(name, entry);
    entries.push(entry);
  };

  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const trimmed = lines[index].trim();
    if (trimmed === '') continue;
    const hash = trimmed.indexOf('#');
    const body = (hash < 0 ? trimmed : trimmed.slice(0, hash)).trim();
    const comment = hash < 0 ? '' : trimmed.slice(hash + 1);
    const marked = MARK.test(comment);
    if (body === '') {
      if (!marked) continue;
      const words = comment.slice(1).replace(/#.*$/, '').trim().split(/\s+/).filter(Boolean);
      if (words.length === 0) pendingMark ??= line;
      else if (words.length === 1) add(words[0], true, line);
      continue;
    }
    const names = body.split(/\s+/);
    if (names.length > 1) {
      log.add(`line ${line}`, `expected one package per line, found ${names.length}; read each`);
    }
    for (const name of names) {
      add(name, marked || pendingMark !== null, line);
      pendingMark = null;
    }
  }
  if (pendingMark !== null) log.add(`line ${pendingMark}`, '#S marks no package: none follows');

  const document = emptyDocument();
  document.producer = 'bomres';
  document.components = entries.map((e) => ({
    ref: e.name,
    name: e.name,
    version: null,
    arch: null,
    origin: null,
    purl: null,
  }));
  return { document, problems: log.problems, entries };
}

export interface DesiredWriteOptions {
  /** Comment lines written first, each prefixed with `# `. */
  header?: string[];
}

/** One package per line, `name #S` for strategic ones, ending with a newline. */
export function writeDesiredSbom(
  entries: readonly Pick<DesiredEntry, 'name' | 'strategic'>[],
  options: DesiredWriteOptions = {},
): string {
  const lines = (options.header ?? []).map((h) => (h === '' ? '#' : `# ${h}`));
  if (lines.length > 0) lines.push('');
  for (const entry of entries) lines.push(entry.strategic ? `${entry.name} #S` : entry.name);
  return `${lines.join('\n')}\n`;
}

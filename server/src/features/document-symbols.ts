import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import {
  LIST_VARIABLES,
  parseSource,
  type ApkbuildModel,
  type FunctionInfo,
  type ListItem,
  type SecfixesBlock,
  type Span,
  type VariableAssignment,
} from '../apkbuild';
import { oneLine, toRange } from './ranges';
import { subpackagesByFunction } from './split-functions';

/** List variables whose items get a child symbol each, and the kind of those children. */
const ITEM_KINDS: ReadonlyMap<string, SymbolKind> = new Map([
  ['depends', SymbolKind.Package],
  ['depends_dev', SymbolKind.Package],
  ['makedepends', SymbolKind.Package],
  ['makedepends_build', SymbolKind.Package],
  ['makedepends_host', SymbolKind.Package],
  ['checkdepends', SymbolKind.Package],
  ['subpackages', SymbolKind.Package],
  ['provides', SymbolKind.Package],
  ['replaces', SymbolKind.Package],
  ['source', SymbolKind.File],
  ['install', SymbolKind.File],
  ['triggers', SymbolKind.File],
]);

/**
 * The outline of an APKBUILD, in source order: top-level variables (list items as children),
 * functions (split functions say which subpackage they make) and `# secfixes:` blocks.
 */
export function documentSymbols(model: ApkbuildModel): DocumentSymbol[] {
  const subpackages = subpackagesByFunction(model);
  const symbols: { start: number; symbol: DocumentSymbol }[] = [
    ...model.assignments.map((a) => ({ start: a.range.start, symbol: variableSymbol(model, a) })),
    ...model.functions.map((f) => ({
      start: f.range.start,
      symbol: functionSymbol(model, f, subpackages.get(f.name)),
    })),
    ...model.secfixes.map((b) => ({ start: b.range.start, symbol: secfixesSymbol(model, b) })),
  ];
  return symbols.sort((a, b) => a.start - b.start).map((s) => s.symbol);
}

function symbol(
  model: ApkbuildModel,
  name: string,
  kind: SymbolKind,
  range: Span,
  selection: Span,
  detail?: string,
  children?: DocumentSymbol[],
): DocumentSymbol {
  const result: DocumentSymbol = {
    name,
    kind,
    range: toRange(model.lines, range),
    selectionRange: toRange(model.lines, selection),
  };
  if (detail !== undefined) result.detail = detail;
  if (children !== undefined) result.children = children;
  return result;
}

const CHECKSUM_VARIABLES = new Set(['sha512sums', 'sha256sums', 'md5sums']);

function variableSymbol(model: ApkbuildModel, a: VariableAssignment): DocumentSymbol {
  const itemKind = ITEM_KINDS.get(a.name);
  const children =
    itemKind !== undefined && a.items
      ? a.items.map((item) => itemSymbol(model, a.name, item, itemKind))
      : CHECKSUM_VARIABLES.has(a.name)
        ? checksumSymbols(model, a)
        : undefined;
  const detail = variableDetail(a, children?.length);
  return symbol(model, a.name, SymbolKind.Variable, a.range, a.nameRange, detail, children);
}

/**
 * "11 items" for a list (counted after expansion when known), "5 checksums" for sha512sums,
 * else the value when known.
 */
function variableDetail(a: VariableAssignment, checksums: number | undefined): string | undefined {
  if (CHECKSUM_VARIABLES.has(a.name) && checksums !== undefined && checksums > 0)
    return plural(checksums, 'checksum');
  const value = a.value?.known ? a.value.value : null;
  if (LIST_VARIABLES.has(a.name))
    return plural(
      value !== null ? value.split(/\s+/).filter((w) => w !== '').length : (a.items?.length ?? 0),
      'item',
    );
  return value === null ? undefined : oneLine(value);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** One child per `HASH  FILE` line, named by the file (the model reads the last assignment). */
function checksumSymbols(model: ApkbuildModel, a: VariableAssignment): DocumentSymbol[] {
  return model.checksums
    .filter((line) => line.lineRange.start >= a.range.start && line.lineRange.end <= a.range.end)
    .map((line) =>
      symbol(model, line.file, SymbolKind.File, line.lineRange, line.fileRange, line.algorithm),
    );
}

function itemSymbol(
  model: ApkbuildModel,
  variable: string,
  item: ListItem,
  kind: SymbolKind,
): DocumentSymbol {
  if (variable === 'source') {
    const { filename, url } = parseSource(item.text);
    return symbol(model, filename || item.text, kind, item.range, item.range, url ?? undefined);
  }
  return symbol(model, item.text, kind, item.range, item.range);
}

function functionSymbol(
  model: ApkbuildModel,
  f: FunctionInfo,
  subpackages: string[] | undefined,
): DocumentSymbol {
  const detail = subpackages
    ? `split function for ${subpackages.join(', ')}`
    : f.node === null
      ? 'defined by eval'
      : undefined;
  return symbol(model, f.name, SymbolKind.Function, f.range, f.nameRange, detail);
}

/** `# secfixes:` as a namespace; each version a child whose detail lists what it fixed. */
function secfixesSymbol(model: ApkbuildModel, block: SecfixesBlock): DocumentSymbol {
  const header = model.text.indexOf('secfixes', block.range.start);
  const selection = { start: header, end: header + 'secfixes'.length };
  const versions = block.entries.map((entry) => {
    const at = model.text.indexOf(entry.version, entry.range.start);
    const end = Math.max(entry.range.end, ...entry.ids.map((id) => id.range.end));
    const ids = entry.ids.map((id) => id.id).join(', ');
    return symbol(
      model,
      entry.version,
      SymbolKind.Key,
      { start: entry.range.start, end },
      { start: at, end: at + entry.version.length },
      ids || undefined,
    );
  });
  const detail = plural(block.entries.length, 'version');
  return symbol(model, 'secfixes', SymbolKind.Namespace, block.range, selection, detail, versions);
}

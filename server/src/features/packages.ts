import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionItemKind,
  type CompletionItem,
  type CompletionParams,
  type DefinitionParams,
  type Location,
  type Range,
} from 'vscode-languageserver';
import { analyzeApkbuild } from '../apkbuild';
import { dependencyName, type AportsIndex } from '../aports';
import { ORDINARY_BUILD } from '../aports/entry';
import type { DocumentAnalysis } from '../document-analysis';
import { completionItems, type CompletionProvider } from './completion';
import { definitionLocations, packageMadeAt } from './definition';
import { toRange } from './ranges';
import { optionValueProvider } from './option-value-completion';

/** Variables whose items name packages. */
const PACKAGE_LISTS =
  /^(depends|depends_\w+|makedepends|makedepends_build|makedepends_host|checkdepends|provides|replaces|install_if)$/;
const MAX_ITEMS = 200;

/**
 * On a dependency: the APKBUILD of the origin that builds it, in the aports tree, at the line
 * that makes the package (see packageMadeAt); at its start when it cannot be read or told.
 */
function packageDefinition(doc: DocumentAnalysis, offset: number): Location[] | null {
  const tree = doc.aports?.tree;
  if (!tree) return null;
  for (const assignment of doc.model.assignments) {
    if (!PACKAGE_LISTS.test(assignment.name)) continue;
    const item = assignment.items?.find((i) => i.range.start <= offset && offset <= i.range.end);
    if (!item || item.hasExpansion) continue;
    const name = dependencyName(item.text);
    const origin = name ? tree.index.originOf(name) : null;
    const entry = origin ? tree.index.entry(origin) : undefined;
    if (!entry) return null;
    const path = join(tree.root, entry.path);
    return [{ uri: pathToFileURL(path).href, range: madeAt(path, name!, doc.settings.carch) }];
  }
  return null;
}

function madeAt(path: string, name: string, carch: string): Range {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  }
  const model = analyzeApkbuild(text, {
    carch,
    startdir: dirname(path),
    environment: ORDINARY_BUILD,
  });
  const span = packageMadeAt(model, name);
  return span
    ? toRange(model.lines, span)
    : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** Definition: a dependency's origin APKBUILD, else variables and functions in the file. */
export function definitionWithPackages(
  doc: DocumentAnalysis,
  params: DefinitionParams,
): Location[] {
  return (
    packageDefinition(doc, doc.model.lines.offsetAt(params.position)) ??
    definitionLocations(doc.model, params)
  );
}

const namesOfIndex = new WeakMap<AportsIndex, string[]>();

/** Every package name the tree builds: origins, subpackages and provided names, sorted. */
function packageNames(index: AportsIndex): string[] {
  let names = namesOfIndex.get(index);
  if (!names) {
    const all = new Set<string>();
    for (const e of index.entries()) {
      all.add(e.origin);
      if (e.subpackages.known) for (const s of e.subpackages.value) all.add(s);
      if (e.provides.known) for (const p of e.provides.value) all.add(p);
    }
    names = [...all].sort();
    namesOfIndex.set(index, names);
  }
  return names;
}

/** Inside makedepends="..." and the other package lists: names from the aports tree. */
function packageNameProvider(index: AportsIndex | undefined): CompletionProvider {
  return ({ context }) => {
    if (
      !index ||
      context.kind !== 'value' ||
      !PACKAGE_LISTS.test(context.variable) ||
      context.prefix === ''
    )
      return [];
    const items: CompletionItem[] = [];
    for (const name of packageNames(index)) {
      if (!name.startsWith(context.prefix)) continue;
      items.push({
        label: name,
        kind: CompletionItemKind.Module,
        detail: `built by ${index.originOf(name) ?? name}`,
      });
      if (items.length >= MAX_ITEMS) break;
    }
    return items;
  };
}

/** The server's completion: the built-in providers, build option values, package names. */
export function completionsFor(doc: DocumentAnalysis, params: CompletionParams): CompletionItem[] {
  return completionItems(doc.model, params, [
    // The profile's build knowledge: the built-in one and what its `knowledge:` adds.
    optionValueProvider(doc.profile.profile.knowledge),
    packageNameProvider(doc.aports?.tree.index),
  ]);
}

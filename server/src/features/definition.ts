import type { DefinitionParams, Location } from 'vscode-languageserver';
import { parseSubpackage, type ApkbuildModel, type Span } from '../apkbuild';
import { dependencyName } from '../aports';
import { toRange, touches } from './ranges';
import { ReferenceIndex, type VariableReference } from './references-index';
import { splitFunctionAt } from './split-functions';

/**
 * Where the name under the cursor is defined, as name ranges:
 * - a variable (`$var`, `${var...}`, an assignment or `local`): the `local` declarations of the
 *   function around it when one comes first, else every top-level assignment in order, else the
 *   assignments made inside function bodies;
 * - a command word, a subpackages entry (`name:func`, or `$pkgname-func` with no explicit
 *   function) or a function's own name: the function definition, when the file has one.
 * Builtins, external commands and abuild's presets have no definition: the result is empty.
 */
export function definition(model: ApkbuildModel, offset: number): Span[] {
  const index = new ReferenceIndex(model);
  const reference = index.at(offset);
  if (reference?.kind === 'variable') return variableDefinitions(model, index, reference);
  if (reference?.kind === 'command') return functionDefinitions(model, reference.name);
  const split = splitFunctionAt(model, offset);
  if (split !== null) return functionDefinitions(model, split);
  const defined = model.functions.find((f) => f.node !== null && touches(f.nameRange, offset));
  return defined ? [defined.nameRange] : [];
}

/** definition() for an LSP request: a position in, locations in the same document out. */
export function definitionLocations(model: ApkbuildModel, params: DefinitionParams): Location[] {
  const { textDocument, position } = params;
  return definition(model, model.lines.offsetAt(position)).map((span) => ({
    uri: textDocument.uri,
    range: toRange(model.lines, span),
  }));
}

function variableDefinitions(
  model: ApkbuildModel,
  index: ReferenceIndex,
  reference: VariableReference,
): Span[] {
  const { name, functionName } = reference;
  if (functionName !== null) {
    const locals = index.declarations({ name, functionName }).filter((d) => d.role === 'local');
    // A use before the function's `local` still reads the caller's (global) variable.
    if (locals.some((d) => d.range.start <= reference.range.start))
      return locals.map((d) => d.range);
  }
  const topLevel = model.assignments.filter((a) => a.name === name).map((a) => a.nameRange);
  if (topLevel.length > 0) return topLevel;
  return index
    .declarations({ name })
    .filter((d) => d.role === 'assignment')
    .map((d) => d.range);
}

function functionDefinitions(model: ApkbuildModel, name: string): Span[] {
  return model.functions.filter((f) => f.name === name).map((f) => f.nameRange);
}

/**
 * Where an aport's APKBUILD makes the package `name`: its `pkgname=` assignment for the origin's
 * own name, else the item of `subpackages` (`$pkgname-dev` for openldap-dev) or of `provides`
 * that expands to it; null when none does (the name comes from a split function, say).
 */
export function packageMadeAt(model: ApkbuildModel, name: string): Span | null {
  const pkgname = model.value('pkgname');
  if (pkgname?.known && pkgname.value === name) {
    const assignment = model.assignments.find((a) => a.name === 'pkgname');
    if (assignment) return assignment.nameRange;
  }
  const made: Record<string, (value: string) => string | null> = {
    subpackages: (value) => parseSubpackage(value).name,
    provides: dependencyName,
  };
  for (const assignment of model.assignments) {
    const nameOf = made[assignment.name];
    if (!nameOf) continue;
    for (const item of assignment.items ?? []) {
      const value = item.hasExpansion ? model.expand(item.text) : { known: true, value: item.text };
      if (value.known && nameOf(value.value) === name) return item.range;
    }
  }
  return null;
}

import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type CompletionParams,
} from 'vscode-languageserver';
import { ARCH_TRIPLETS, type ApkbuildModel } from '../apkbuild';
import { cursorContext, type CursorContext } from './completion-context';
import {
  ABUILD_OPTIONS,
  APKBUILD_VARIABLE_NAMES,
  ARCH_KEYWORDS,
  PRESET_VARIABLES,
  REQUIRED_VARIABLES,
  type Described,
} from './completion-data';
import { oneLine, toRange } from './ranges';
import { ReferenceIndex } from './references-index';

export type { CursorContext } from './completion-context';

/** Everything a completion provider may look at; built once per request. */
export interface CompletionRequest {
  model: ApkbuildModel;
  offset: number;
  context: CursorContext;
  index: ReferenceIndex;
  /** The character that triggered the request, when one did. */
  triggerCharacter: string | undefined;
}

/** Adds items for the contexts it knows; returns [] elsewhere. */
export type CompletionProvider = (request: CompletionRequest) => CompletionItem[];

export interface CompletionOptions {
  triggerCharacter?: string;
  /** Providers to ask after the built-in ones (build option values, say). */
  providers?: readonly CompletionProvider[];
}

/** Completion items at an offset: the built-in providers' and then the extra providers'. */
export function completions(
  model: ApkbuildModel,
  offset: number,
  options: CompletionOptions = {},
): CompletionItem[] {
  const index = new ReferenceIndex(model);
  const request: CompletionRequest = {
    model,
    offset,
    index,
    context: cursorContext(model, offset, index),
    triggerCharacter: options.triggerCharacter,
  };
  return [...BUILTIN_PROVIDERS, ...(options.providers ?? [])].flatMap((p) => p(request));
}

/** completions() for an LSP request; `providers` are asked after the built-in ones. */
export function completionItems(
  model: ApkbuildModel,
  params: CompletionParams,
  providers: readonly CompletionProvider[] = [],
): CompletionItem[] {
  const offset = model.lines.offsetAt(params.position);
  const triggerCharacter = params.context?.triggerCharacter;
  return completions(model, offset, { triggerCharacter, providers });
}

/** At the start of a top-level line: the APKBUILD variables, missing required ones first. */
export const variableNames: CompletionProvider = ({ model, context, triggerCharacter }) => {
  if (context.kind !== 'statement' || context.functionName !== null) return [];
  if (triggerCharacter === ' ') return []; // indenting a line is no request for names
  const assignedAt = new Map<string, number>();
  for (const a of model.assignments)
    if (!assignedAt.has(a.name)) assignedAt.set(a.name, a.range.start);
  return APKBUILD_VARIABLE_NAMES.flatMap((variable, order): CompletionItem[] => {
    if (!variable.name.startsWith(context.prefix)) return [];
    const at = assignedAt.get(variable.name);
    const missing = at === undefined && REQUIRED_VARIABLES.has(variable.name);
    const group = missing ? 0 : at === undefined ? 1 : 2;
    const detail = missing
      ? 'required, not set yet'
      : at === undefined
        ? undefined
        : `set at line ${model.lines.positionAt(at).line + 1}`;
    return [
      {
        label: variable.name,
        kind: CompletionItemKind.Variable,
        ...(detail === undefined ? {} : { detail }),
        documentation: variable.documentation,
        sortText: `${group}${String(order).padStart(2, '0')}`,
        insertText: `${variable.name}=${variable.value ?? '"$1"'}`,
        insertTextFormat: InsertTextFormat.Snippet,
      },
    ];
  });
};

/** After `$` or `${`: the variables the file sets, then abuild's presets. */
export const parameterNames: CompletionProvider = ({ model, context, index }) => {
  if (context.kind !== 'parameter') return [];
  const items = new Map<string, CompletionItem>();
  const add = (name: string, sortText: string, detail?: string, documentation?: string): void => {
    if (items.has(name)) return;
    items.set(name, {
      label: name,
      kind: CompletionItemKind.Variable,
      ...(detail ? { detail } : {}),
      ...(documentation ? { documentation } : {}),
      sortText: `${sortText}${name}`,
      textEdit: { range: toRange(model.lines, context.replace), newText: name },
    });
  };
  for (const d of index.declarations()) {
    if (d.role === 'local' && d.functionName !== context.functionName) continue;
    if (d.role === 'local') add(d.name, '0', `local in ${d.functionName}()`);
    else add(d.name, '0', d.functionName === null ? knownValue(model, d.name) : undefined);
  }
  for (const preset of PRESET_VARIABLES)
    add(preset.name, '1', knownValue(model, preset.name), preset.documentation);
  return [...items.values()];
};

/** Inside `options="..."`: abuild's options not yet in the list. */
export const optionValues: CompletionProvider = (request) => {
  if (request.context.kind !== 'value' || request.context.variable !== 'options') return [];
  return listItems(
    request,
    ABUILD_OPTIONS.map((o) => ({ ...o, group: 0 })),
  );
};

/** Inside `arch="..."`: all, noarch, Alpine's architectures and their `!arch` exclusions. */
export const archValues: CompletionProvider = (request) => {
  if (request.context.kind !== 'value' || request.context.variable !== 'arch') return [];
  const arches = Object.entries(ARCH_TRIPLETS);
  return listItems(request, [
    ...ARCH_KEYWORDS.map((k) => ({ ...k, group: 0 })),
    ...arches.map(([name, triplet]) => ({ name, documentation: `CHOST ${triplet}`, group: 1 })),
    ...arches.map(([name]) => ({
      name: `!${name}`,
      documentation: `Every architecture but ${name}; follows all.`,
      group: 2,
    })),
  ]);
};

export const BUILTIN_PROVIDERS: readonly CompletionProvider[] = [
  variableNames,
  parameterNames,
  optionValues,
  archValues,
];

/** Items for a list value, leaving out the words the value already has besides the one typed. */
function listItems(
  { model, context }: CompletionRequest,
  candidates: readonly (Described & { group: number })[],
): CompletionItem[] {
  if (context.kind !== 'value') return [];
  const value = context.assignment.value;
  const text = model.text;
  let wordEnd = context.replace.end;
  while (wordEnd < (value?.end ?? wordEnd) && !/[\s"']/.test(text[wordEnd])) wordEnd++;
  const others = value
    ? `${text.slice(value.start, context.replace.start)} ${text.slice(wordEnd, value.end)}`
    : '';
  const present = new Set(others.split(/[\s"']+/));
  const range = toRange(model.lines, context.replace);
  return candidates
    .filter((c) => !present.has(c.name))
    .map((c, order) => ({
      label: c.name,
      kind: CompletionItemKind.EnumMember,
      documentation: c.documentation,
      sortText: `${c.group}${String(order).padStart(2, '0')}`,
      filterText: c.name,
      textEdit: { range, newText: c.name },
    }));
}

function knownValue(model: ApkbuildModel, name: string): string | undefined {
  const value = model.value(name);
  return value?.known && value.value !== '' ? oneLine(value.value) : undefined;
}

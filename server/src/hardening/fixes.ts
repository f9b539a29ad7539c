import type {
  ApkbuildModel,
  Assignment,
  FunctionInfo,
  ListItem,
  SimpleCommand,
  Span,
  StaticValue,
  VariableAssignment,
} from '../apkbuild';
import { dependencyName } from '../aports';
import type { Finding, HardeningAnalysis } from './analyzer';
import {
  addUnneededMakedepends,
  emptyPlan,
  planDefaultOn,
  planMakedepend,
  planOption,
  planSubpackage,
  type FixPlan,
  type FixVariant,
} from './fix-plan';
import { splitListItems } from '../apkbuild/lists';
import { insertAfterCommand, removeAssignment, removeValueWords, stopShipping } from './site-edits';
import { ShellScopes } from './switches/shell-scopes';
import {
  normalizeEdits,
  removeArguments,
  removeFunction,
  removeListItems,
  type TextEdit,
} from './text-edits';

export type { FixVariant } from './fix-plan';

export interface HardeningFix {
  title: string;
  variant: FixVariant | null;
  findings: Finding[];
  edits: TextEdit[];
}

const DEPENDENCY_LISTS = /^(depends|depends_\w+|install_if)$/;

/** An item's value: its text when it has no expansion, else what static expansion gives. */
function itemValue(model: ApkbuildModel, item: ListItem): StaticValue {
  return item.hasExpansion ? model.expand(item.text) : { known: true, value: item.text };
}

/** Words of depends= (anywhere, split functions included) that name a dropped subpackage. */
function dependsOnDropped(
  model: ApkbuildModel,
  scopes: ShellScopes,
  names: ReadonlySet<string>,
): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const placed of scopes.commands) {
    const command = placed.command;
    for (const node of [...command.assignments, ...command.declarations]) {
      if (!DEPENDENCY_LISTS.test(node.name) || !node.value) continue;
      const spans = splitListItems(model.text, node.value)
        .filter((item) => {
          const value = itemValue(model, item);
          return value.known && names.has(dependencyName(value.value) ?? value.value);
        })
        .map((item) => item.range);
      if (spans.length > 0)
        edits.push(...removeValueWords(model.text, node, command, spans, placed.conditional));
    }
  }
  return edits;
}

/**
 * A plan turned into text edits, gathered so edits to one list or one command are made together.
 * `scopes` is the analysis' walk of the file, when there is one.
 */
export function planEdits(
  model: ApkbuildModel,
  plan: FixPlan,
  scopes: ShellScopes = new ShellScopes(model),
): TextEdit[] {
  const text = model.text;
  const edits: TextEdit[] = [];
  const arguments_ = new Map<SimpleCommand, Set<{ range: Span }>>();
  const words = new Map<
    Assignment,
    { command: SimpleCommand; spans: Span[]; conditional: boolean }
  >();
  for (const { option, off } of plan.switches) {
    const s = option.switch;
    if (off.edit === 'replace') {
      edits.push({ range: s.range, newText: off.text });
      continue;
    }
    if (s.site.kind === 'argument') {
      const set = arguments_.get(s.site.command) ?? new Set();
      set.add({ range: s.range });
      arguments_.set(s.site.command, set);
    } else if (s.site.kind === 'word') {
      const entry = words.get(s.site.assignment) ?? {
        command: s.site.command,
        spans: [],
        conditional: false,
      };
      entry.spans.push(s.range);
      entry.conditional ||= s.conditional;
      words.set(s.site.assignment, entry);
    } else edits.push(removeAssignment(text, s.site.assignment, s.site.command, s.conditional));
  }
  for (const [command, args] of arguments_)
    edits.push(
      ...removeArguments(text, { range: { start: command.start, end: command.end } }, args),
    );
  for (const [assignment, { command, spans, conditional }] of words)
    edits.push(...removeValueWords(text, assignment, command, spans, conditional));
  // Several switches written into one command go in one edit, in the order found.
  const inserts = new Map<SimpleCommand, string[]>();
  for (const insert of plan.inserts) {
    const texts = inserts.get(insert.command.command) ?? [];
    if (!texts.includes(insert.text)) texts.push(insert.text);
    inserts.set(insert.command.command, texts);
  }
  for (const [command, texts] of inserts) edits.push(insertAfterCommand(command, texts.join(' ')));
  const items = new Map<VariableAssignment, Set<ListItem>>();
  const add = (assignment: VariableAssignment, item: ListItem): void => {
    const set = items.get(assignment) ?? new Set();
    set.add(item);
    items.set(assignment, set);
  };
  for (const m of plan.makedepends) add(m.assignment, m.item);
  const functions = new Set<FunctionInfo>();
  const folders: string[][] = [];
  const names = new Set(plan.subpackages.map((s) => s.name));
  for (const s of plan.subpackages) {
    add(s.assignment, s.item);
    if (s.splitFunction) functions.add(s.splitFunction);
    if (s.stopFolders.length > 0 && !folders.some((g) => g.join() === s.stopFolders.join()))
      folders.push(s.stopFolders);
  }
  // A package that depends on a dropped subpackage could not be installed any more.
  if (names.size > 0) edits.push(...dependsOnDropped(model, scopes, names));
  // abuild validate refuses an install or trigger script that matches no (sub)package.
  if (names.size > 0)
    for (const assignment of model.assignments) {
      if (assignment.name !== 'install' && assignment.name !== 'triggers') continue;
      for (const item of assignment.items ?? []) {
        const value = itemValue(model, item);
        if (!value.known) continue;
        const script = value.value.replace(/=.*$/, '');
        const owner = script.slice(0, script.lastIndexOf('.'));
        if (names.has(owner)) add(assignment, item);
      }
    }
  for (const [assignment, set] of items) edits.push(...removeListItems(text, assignment, set));
  for (const fn of functions) edits.push(removeFunction(text, fn));
  if (folders.length > 0) edits.push(...(stopShipping(model, folders) ?? []));
  return normalizeEdits(edits);
}

function planOf(
  analysis: HardeningAnalysis,
  finding: Finding,
  variant: FixVariant,
  into?: FixPlan,
): FixPlan {
  const parts = analysis.parts;
  const target = finding.target;
  switch (target.kind) {
    case 'option':
      return planOption(parts, target.analysis, variant, into, into === undefined);
    case 'default-on':
      return planDefaultOn(parts, target.analysis, into);
    case 'makedepend':
      return planMakedepend(parts, target.analysis, variant, into, into === undefined);
    case 'subpackage':
      return planSubpackage(target.analysis, into);
  }
}

function titleOf(finding: Finding, plan: FixPlan): string {
  const target = finding.target;
  const dropped = [
    ...plan.makedepends
      .filter((m) => target.kind !== 'makedepend' || m !== target.analysis)
      .map((m) => m.item.text),
    ...plan.subpackages
      .filter((s) => target.kind !== 'subpackage' || s !== target.analysis)
      .map((s) => s.name),
  ];
  const also = dropped.length > 0 ? ` and drop ${dropped.join(', ')}` : '';
  if (target.kind === 'option') {
    const off = plan.switches.find((s) => s.option === target.analysis)!.off;
    return off.edit === 'replace'
      ? `Disable: ${target.analysis.switch.text} -> ${off.text}${also}`
      : `Remove ${target.analysis.switch.text}${also}`;
  }
  if (target.kind === 'default-on') return `Write ${target.analysis.off}${also}`;
  if (target.kind === 'makedepend') {
    const offs = plan.switches.map((s) => s.option.switch.text);
    const with_ =
      offs.length > 0
        ? ` and switch off ${offs.join(', ')}`
        : plan.inserts.length > 0
          ? ` and write ${plan.inserts[0].text}`
          : '';
    return `Remove makedepend ${target.analysis.name}${with_}${also}`;
  }
  const fn = target.analysis.splitFunction
    ? ` and its function ${target.analysis.splitFunction.name}()`
    : '';
  const files = target.analysis.stopFolders.length > 0 ? ' and stop shipping its files' : '';
  return `Remove subpackage ${target.analysis.name}${fn}${files}${also}`;
}

/**
 * The quick-fixes of one finding: its verified variants only (an option that has both an
 * explicit off and a safe removal offers both). Advice has none.
 */
export function fixesForFinding(
  model: ApkbuildModel,
  analysis: HardeningAnalysis,
  finding: Finding,
): HardeningFix[] {
  if (!finding.verified) return [];
  const variants: FixVariant[] =
    finding.target.kind === 'option' ? ['disable', 'remove'] : ['disable'];
  const fixes: HardeningFix[] = [];
  const seen = new Set<string>();
  for (const variant of variants) {
    const plan = planOf(analysis, finding, variant);
    if (!plan.verified) continue;
    const edits = planEdits(model, plan, analysis.scopes);
    const key = JSON.stringify(edits);
    if (seen.has(key)) continue;
    seen.add(key);
    fixes.push({
      title: titleOf(finding, plan),
      variant: finding.target.kind === 'option' ? variant : null,
      findings: [finding],
      edits,
    });
  }
  return fixes;
}

/**
 * What fix-all changes: every verified finding's plan, gathered into one (each part once, so a
 * file that repeats a makedepend and its switches thousands of times stays within bounds).
 */
export function fixAllPlan(analysis: HardeningAnalysis, variant: FixVariant = 'disable'): FixPlan {
  const plan = emptyPlan();
  for (const f of analysis.findings) if (f.verified) planOf(analysis, f, variant, plan);
  addUnneededMakedepends(analysis.parts, plan);
  return plan;
}

/** Every verified fix of the file in one edit; advice findings are left as they are. */
export function fixAll(
  model: ApkbuildModel,
  analysis: HardeningAnalysis,
  variant: FixVariant = 'disable',
): HardeningFix {
  const applied = analysis.findings.filter((f) => f.verified);
  const count = applied.length;
  return {
    title: `Apply all ${count} verified hardening fix${count === 1 ? '' : 'es'} (${variant})`,
    variant,
    findings: applied,
    edits: planEdits(model, fixAllPlan(analysis, variant), analysis.scopes),
  };
}

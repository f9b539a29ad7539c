import type { ApkbuildModel, ListItem, VariableAssignment } from '../apkbuild';
import { walk } from '../apkbuild/visit';
import { removeListItem } from './edits';
import { finding } from './rules';
import type { LintFinding } from './types';

/** Dependency lists and the alint code for a duplicate in each. */
const DEPENDENCY_LISTS: ReadonlyMap<string, string> = new Map([
  ['depends', 'AL17'],
  ['depends_dev', 'AL17'],
  ['makedepends', 'AL19'],
  ['makedepends_build', 'AL19'],
  ['makedepends_host', 'AL19'],
  ['checkdepends', 'AL21'],
]);

/** A plain dependency word: its text is its value, so equal text means the same dependency. */
const PLAIN_ITEM = /^[\w.+\-@/:<>=~!]+$/;

/** How an assignment relates to the value before it: `x="$x more"` keeps it, `x="..."` resets. */
function continuesPrevious(assignment: VariableAssignment, items: readonly ListItem[]): boolean {
  if (assignment.node.append) return true;
  const self = new Set([`$${assignment.name}`, `\${${assignment.name}}`]);
  return items.some((item) => self.has(item.text));
}

/** Any other read of the variable itself (`${x/a/b}`) makes what it keeps unknowable. */
function readsItselfOtherwise(assignment: VariableAssignment): boolean {
  let other = false;
  if (assignment.node.value)
    walk(assignment.node.value, (node) => {
      if (node.kind === 'parameter' && node.name === assignment.name && node.operator !== null)
        other = true;
      return !other;
    });
  return other;
}

/**
 * Items of one list variable that are certainly in it already when a later word repeats them.
 * Only unconditional assignments build that set: a word added in one `case` branch is not in
 * the list on another architecture, so repeating it elsewhere is not a duplicate.
 */
function duplicatesOf(model: ApkbuildModel, name: string, code: string): LintFinding[] {
  const findings: LintFinding[] = [];
  // Words certainly in the list so far; each assignment's own words are kept apart until it is
  // known whether they join that set, so no assignment copies it (100,000 appends stay linear).
  let present = new Set<string>();
  for (const assignment of model.assignments) {
    if (assignment.name !== name || assignment.keyword !== null) continue;
    const items = assignment.items ?? [];
    const value = assignment.valueRange;
    const continues = continuesPrevious(assignment, items) && !readsItselfOtherwise(assignment);
    const added = new Set<string>();
    for (const item of items) {
      if (item.hasExpansion || !PLAIN_ITEM.test(item.text)) continue;
      if (!added.has(item.text) && !(continues && present.has(item.text))) {
        added.add(item.text);
        continue;
      }
      const edit = value && removeListItem(model.text, item.range, value);
      findings.push(
        finding(
          code,
          `${item.text} is already in ${name}; listing it twice is superfluous. Remove this one.`,
          item.range,
          edit
            ? { title: `Remove the duplicate ${item.text} from ${name}`, edits: [edit] }
            : undefined,
        ),
      );
    }
    // What a conditional assignment adds or resets is not certain; only a reset changes the set.
    if (assignment.conditional) {
      if (!continues) present = new Set();
    } else if (continues) for (const word of added) present.add(word);
    else present = added;
  }
  return findings;
}

/**
 * Duplicates that come through an expansion (`makedepends="$_deps zlib-dev"` with zlib-dev in
 * $_deps): seen in the list's value as the shell holds it, once each, on the first item that
 * expands, when one plain assignment makes the list. No fix: which of the two should go is the packager's choice.
 */
function expandedDuplicatesOf(
  model: ApkbuildModel,
  name: string,
  code: string,
  reported: ReadonlySet<string>,
): LintFinding[] {
  // One plain assignment makes the list: then its value is certainly what abuild reads, on
  // every architecture. Appends and case branches are the literal check's to judge.
  const assignments = model.assignments.filter((a) => a.name === name);
  if (assignments.length !== 1) return [];
  const [only] = assignments;
  if (only.keyword !== null || only.conditional || only.node.append) return [];
  const value = model.list(name);
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const word of value) (seen.has(word) ? twice : seen).add(word);
  const repeated = [...twice].filter((word) => !reported.has(word));
  if (repeated.length === 0) return [];
  const expanding = (only.items ?? []).find((item) => item.hasExpansion);
  if (!expanding) return [];
  return repeated.map((word) =>
    finding(
      code,
      `${word} is in ${name} twice, once through ${expanding.text}; listing it twice is superfluous.`,
      expanding.range,
    ),
  );
}

export function checkDuplicateDependencies(model: ApkbuildModel): LintFinding[] {
  return [...DEPENDENCY_LISTS].flatMap(([name, code]) => {
    const literal = duplicatesOf(model, name, code);
    const reported = new Set(literal.map((f) => model.text.slice(f.range.start, f.range.end)));
    return [...literal, ...expandedDuplicatesOf(model, name, code, reported)];
  });
}

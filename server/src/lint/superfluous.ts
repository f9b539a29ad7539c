import type { ApkbuildModel, Command, VariableAssignment } from '../apkbuild';
import { isApkbuildVariable } from '../apkbuild/presets';
import { walk } from '../apkbuild/visit';
import { removeLines, removeLinesAndBlanks } from './edits';
import { finding, REQUIRED_VARIABLES } from './rules';
import type { LintFinding, LintFix } from './types';

function removal(title: string, edit: ReturnType<typeof removeLines>): LintFix | undefined {
  return edit ? { title, edits: [edit] } : undefined;
}

/** `""`, `''` or nothing: the value bash gives is the empty string. */
function isEmptyValue(assignment: VariableAssignment): boolean {
  if (assignment.node.array !== null) return false;
  const value = assignment.node.value;
  if (value === null) return true;
  return value.parts.every(
    (part) =>
      (part.kind === 'single-quoted' && part.value === '') ||
      (part.kind === 'double-quoted' &&
        part.parts.every((inner) => inner.kind === 'literal' && inner.value === '')) ||
      (part.kind === 'literal' && part.value === ''),
  );
}

/**
 * Required variables set empty are a statement (`arch=""` disables a package), and so is
 * `maintainer=""` (no maintainer); anything else empty reads the same as unset.
 */
const MEANINGFUL_WHEN_EMPTY = new Set<string>([...REQUIRED_VARIABLES, 'maintainer']);

/** AL5; only the first, unconditional assignment: a later `x=""` clears an earlier value. */
function emptyVariables(model: ApkbuildModel): LintFinding[] {
  const findings: LintFinding[] = [];
  const seen = new Set<string>();
  for (const a of model.assignments) {
    const first = !seen.has(a.name);
    seen.add(a.name);
    if (!first || a.conditional || a.keyword !== null) continue;
    if (!isApkbuildVariable(a.name) || MEANINGFUL_WHEN_EMPTY.has(a.name) || !isEmptyValue(a))
      continue;
    findings.push(
      finding(
        'AL5',
        `${a.name} is set to an empty value, which is the same as leaving it unset. Remove the assignment.`,
        a.range,
        removal(`Remove the empty ${a.name} assignment`, removeLines(model.text, a.range)),
      ),
    );
  }
  return findings;
}

const DEFAULT_BUILDDIR_TEXT = '$srcdir/$pkgname-$pkgver';

/** abuild's default builddir from the values the file ends with, or null when not known. */
function defaultBuilddir(model: ApkbuildModel): string | null {
  const parts = ['srcdir', 'pkgname', 'pkgver'].map((name) => model.value(name));
  const [srcdir, pkgname, pkgver] = parts;
  if (!srcdir?.known || !pkgname?.known || !pkgver?.known) return null;
  return `${srcdir.value}/${pkgname.value}-${pkgver.value}`;
}

/** Reads of $builddir outside functions: the file itself relies on builddir being set. */
function readsBuilddirAtTopLevel(model: ApkbuildModel): boolean {
  let reads = false;
  walk(model.script, (node) => {
    if (node.kind === 'function' || reads) return false;
    if (node.kind === 'parameter' && node.name === 'builddir') reads = true;
    return true;
  });
  return reads;
}

/**
 * `${pkgver//_/-}`, `$(...)` and the like may equal the default for this version and not the
 * next, so only plain `$name` expansions make a value that stays equal to the default.
 */
function onlyPlainExpansions(a: VariableAssignment): boolean {
  let plain = true;
  if (a.node.value)
    walk(a.node.value, (node) => {
      if (node.kind === 'parameter' && node.operator !== null) plain = false;
      if (node.kind === 'command-substitution' || node.kind === 'arithmetic') plain = false;
      return plain;
    });
  return plain;
}

/** AL1: abuild sets `builddir="$srcdir/$pkgname-$pkgver"` itself when the file does not. */
function defaultBuilddirAssignment(model: ApkbuildModel): LintFinding[] {
  const assignments = model.assignments.filter((a) => a.name === 'builddir');
  const [a] = assignments;
  if (assignments.length !== 1 || a.conditional || a.keyword !== null || !a.valueRange) return [];
  const raw = model.text.slice(a.valueRange.start, a.valueRange.end);
  const literal =
    raw.replace(/["']/g, '').replace(/\$\{(\w+)\}/g, '$$$1') === DEFAULT_BUILDDIR_TEXT;
  // The value decides when known; the text only when nothing it names changes afterwards.
  const changedLater = model.assignments.some(
    (b) => ['srcdir', 'pkgname', 'pkgver'].includes(b.name) && b.range.start > a.range.start,
  );
  const isDefault = a.value?.known
    ? a.value.value === defaultBuilddir(model)
    : literal && !changedLater;
  if (!isDefault || !onlyPlainExpansions(a) || readsBuilddirAtTopLevel(model)) return [];
  return [
    finding(
      'AL1',
      `builddir is set to its default "${DEFAULT_BUILDDIR_TEXT}", which abuild uses when it is unset. Remove the assignment.`,
      a.range,
      removal('Remove the default builddir assignment', removeLines(model.text, a.range)),
    ),
  ];
}

const BUILDDIR_WORDS = new Set(['"$builddir"', '$builddir', '"${builddir}"', '${builddir}']);

function isCdBuilddir(model: ApkbuildModel, command: Command): boolean {
  if (command.kind === 'and-or')
    // The old `cd "$builddir" || return 1` idiom is just as superfluous.
    return (
      isCdBuilddir(model, command.first) &&
      command.rest.every(
        (r) =>
          r.operator === '||' &&
          /^(return|exit) 1$/.test(model.text.slice(r.command.start, r.command.end)),
      )
    );
  if (command.kind !== 'simple' || command.words.length !== 2) return false;
  if (command.assignments.length + command.redirects.length > 0) return false;
  const [cd, dir] = command.words.map((w) => model.text.slice(w.start, w.end));
  return cd === 'cd' && BUILDDIR_WORDS.has(dir);
}

const RUN_IN_BUILDDIR = new Set(['prepare', 'build', 'check', 'package']);

/** A command that may leave the folder it starts in (or whose effect on it is not known here). */
function mayChangeFolder(model: ApkbuildModel, command: Command): boolean {
  const text = model.text.slice(command.start, command.end);
  if (/(^|[\s;&|(`])(cd|pushd|popd)(\s|;|$)/.test(text)) return true;
  // A function of the file may cd; abuild's default_* ones run where they are called.
  if (command.kind !== 'simple' || command.words.length === 0) return false;
  const name = model.text.slice(command.words[0].start, command.words[0].end);
  return !name.startsWith('default_') && model.functions.some((fn) => fn.name === name);
}

/**
 * AL13: abuild runs these functions in $builddir already (when that folder exists), so a
 * `cd "$builddir"` before anything has left it is superfluous: the first command, or after
 * `default_prepare`, `local`, a first such cd. One after a `cd` elsewhere is not (apkbuild-lint
 * flags that one too; removing it would build in the wrong folder).
 */
function superfluousCd(model: ApkbuildModel): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const fn of model.functions) {
    const body = fn.node?.body;
    if (!RUN_IN_BUILDDIR.has(fn.name) || !body) continue;
    if (body.kind !== 'group' && body.kind !== 'subshell') continue;
    const commands = body.body.commands;
    for (const [i, command] of commands.entries()) {
      if (isCdBuilddir(model, command)) {
        const next = commands[i + 1];
        // A body of only the cd would be `{ }` without it, which is not valid shell.
        const edit =
          next || i > 0
            ? removeLinesAndBlanks(model.text, command, next ? next.start : body.end)
            : null;
        findings.push(
          finding(
            'AL13',
            `abuild already runs ${fn.name}() in "$builddir"; this cd is superfluous. Remove it.`,
            { start: command.start, end: command.end },
            removal('Remove the superfluous cd "$builddir"', edit),
          ),
        );
      } else if (mayChangeFolder(model, command)) break;
    }
  }
  return findings;
}

export function checkSuperfluous(model: ApkbuildModel): LintFinding[] {
  return [...defaultBuilddirAssignment(model), ...emptyVariables(model), ...superfluousCd(model)];
}

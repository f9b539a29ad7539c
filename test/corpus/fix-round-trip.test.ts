import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeApkbuild, type ApkbuildModel, type FunctionInfo } from '../../server/src/apkbuild';
import { forEachCommandOf } from '../../server/src/apkbuild/visit';
import { ORDINARY_BUILD } from '../../server/src/aports';
import {
  analyzeHardening,
  applyEdits,
  builtinProfile,
  fixAllPlan,
  planEdits,
  resolveProfile,
  type Finding,
  type FixPlan,
  type FixVariant,
  type TextEdit,
} from '../../server/src/hardening';
import { BatchPool, SOURCED_VARIABLES, type SourceJob, type Sourced } from '../helpers/bash-source';
import { corpusFile, corpusPaths, readOracle } from '../helpers/paths';

/**
 * Fix-all on the whole corpus, checked by bash: every file with findings is sourced before and
 * after the fix (the way abuild does, see corpus/README.md) and the fix may only take out what
 * its plan takes out: the flagged makedepends and subpackages (with the install scripts and
 * depends that name a dropped subpackage), the switches it writes off, the package() lines that
 * stopped installing dropped files. Both variants run on every file (a variant whose text
 * equals the other's is sourced once).
 */
const VARIANTS: FixVariant[] = ['remove', 'disable'];
const BATCH = 500;
const MAKEDEPENDS = ['makedepends', 'makedepends_build', 'makedepends_host'];
const LISTS = new Set([
  ...MAKEDEPENDS,
  'subpackages',
  'install',
  'triggers',
  'depends',
  'depends_dev',
]);

interface Variant {
  variant: FixVariant;
  text: string;
  job: number;
  plan: FixPlan;
  edits: TextEdit[];
}

interface Case {
  path: string;
  model: ApkbuildModel;
  findings: Finding[];
  variants: Variant[];
  original: number;
}

const words = (value: string | null | undefined): string[] | null =>
  value === null || value === undefined ? null : value.split(/[ \t\n]+/).filter((w) => w !== '');

/** Tokens of shell text as bash prints it, quotes and `;` left out: a multiset to compare. */
const tokens = (text: string): string[] =>
  text
    .replace(/\\\n/g, ' ')
    .split(/[\s;]+/)
    .map((t) => t.replace(/["']/g, ''))
    // `opts=--with-x` is the name and the word the edit took out of its value.
    .flatMap((t) => {
      const assignment = /^([A-Za-z_]\w*=)(.+)$/.exec(t);
      return assignment ? [assignment[1], assignment[2]] : [t];
    })
    .filter((t) => t !== '' && t !== '\\');

function count(list: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of list) out.set(t, (out.get(t) ?? 0) + 1);
  return out;
}

/** What `a` has more of than `b`. */
function minus(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [t, n] of a) if (n > (b.get(t) ?? 0)) out.set(t, n - (b.get(t) ?? 0));
  return out;
}

const within = (inner: Map<string, number>, outer: Map<string, number>): string[] =>
  [...inner].filter(([t, n]) => n > (outer.get(t) ?? 0)).map(([t]) => t);

/** Lines of a declare -f body that hold something: one per simple command, mostly. */
const bodyLines = (body: string): number => body.split('\n').filter((l) => l.trim() !== '').length;

/** Simple commands of a function, for telling which ones an edit takes out as a whole. */
function simpleCommands(fn: FunctionInfo): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  if (!fn.node) return out;
  forEachCommandOf(fn.node, (command) => {
    if (command.kind === 'simple') out.push({ start: command.start, end: command.end });
  });
  return out;
}

/** The words the plan takes out of each list variable, as bash expands them. */
function plannedRemovals(c: Case, plan: FixPlan): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (name: string, word: string): void => {
    const set = out.get(name) ?? new Set();
    set.add(word);
    out.set(name, set);
  };
  // makedepends is often made of the other two (`makedepends="$makedepends_build ..."`).
  for (const m of plan.makedepends) {
    for (const name of MAKEDEPENDS) add(name, m.item.text);
    if (m.assignment.name === 'depends_dev') add('depends_dev', m.item.text);
  }
  const dropped = new Set(plan.subpackages.map((s) => s.name));
  for (const s of plan.subpackages) add('subpackages', s.entry);
  for (const name of ['install', 'triggers', 'depends', 'depends_dev']) {
    const value = c.model.list(name);
    if (!Array.isArray(value)) continue;
    for (const word of value) {
      const script = word.replace(/=.*$/, '');
      const owner = name.startsWith('depends')
        ? word.replace(/[<>=~].*$/, '')
        : script.slice(0, script.lastIndexOf('.'));
      if (dropped.has(owner)) add(name, word);
    }
  }
  return out;
}

/** What went wrong with one variant of one file; empty when the fix kept everything else. */
function compare(c: Case, v: Variant, before: Sourced, after: Sourced, tally: Tally): string[] {
  const problems: string[] = [];
  if (after.rc !== 0) return [`the fixed file no longer sources (bash exit ${after.rc})`];
  const removals = plannedRemovals(c, v.plan);
  for (const name of SOURCED_VARIABLES) {
    const was = before.variables.get(name);
    const now = after.variables.get(name);
    if (!LISTS.has(name)) {
      if (was !== now)
        problems.push(`${name} changed: ${JSON.stringify(was)} -> ${JSON.stringify(now)}`);
      continue;
    }
    const remove = removals.get(name) ?? new Set<string>();
    const expected = words(was)?.filter((w) => !remove.has(w)) ?? null;
    const got = words(now);
    if (JSON.stringify(expected) !== JSON.stringify(got)) {
      const lost = (expected ?? []).filter((w) => !got?.includes(w));
      const kept = (got ?? []).filter((w) => !expected?.includes(w));
      problems.push(
        `${name}: expected ${JSON.stringify(expected?.join(' ') ?? null)}, got ${JSON.stringify(now)}` +
          ` (also lost: ${lost.join(' ') || '-'}; unexpected: ${kept.join(' ') || '-'})`,
      );
    }
  }
  const removedFunctions = new Set(
    v.plan.subpackages.flatMap((s) => (s.splitFunction ? [s.splitFunction.name] : [])),
  );
  const text = c.model.text;
  for (const fn of c.model.functions) {
    const was = before.functions.get(fn.name) ?? null;
    const now = after.functions.get(fn.name) ?? null;
    if (removedFunctions.has(fn.name)) {
      if (now !== null) problems.push(`${fn.name}() should be removed but is still defined`);
      continue;
    }
    if (was === null || now === null) {
      if (was !== now) problems.push(`${fn.name}() is ${now === null ? 'gone' : 'new'}`);
      continue;
    }
    const inside = v.edits.filter(
      (e) => e.range.start >= fn.range.start && e.range.end <= fn.range.end,
    );
    tally.functions++;
    if (inside.length === 0) {
      if (was !== now) problems.push(`${fn.name}() changed although no edit touched it`);
      continue;
    }
    tally.edited++;
    const editedOut = count(inside.flatMap((e) => tokens(text.slice(e.range.start, e.range.end))));
    const editedIn = count(inside.flatMap((e) => tokens(e.newText)));
    const b = count(tokens(was));
    const a = count(tokens(now));
    const lost = within(minus(b, a), editedOut);
    const gained = within(minus(a, b), editedIn);
    if (lost.length > 0)
      problems.push(`${fn.name}(): bash's body lost ${lost.join(' ')}, which no edit took out`);
    if (gained.length > 0)
      problems.push(`${fn.name}(): bash's body gained ${gained.join(' ')}, which no edit wrote`);
    // Each command stays a command: no edit may join two (a dropped `\`) or split one.
    const commands = simpleCommands(fn);
    const removedCommands = commands.filter((cmd) =>
      inside.some((e) => e.range.start <= cmd.start && cmd.end <= e.range.end),
    ).length;
    const addedCommands = inside.filter(
      (e) =>
        e.newText.trim() !== '' &&
        e.range.start === e.range.end &&
        !commands.some((cmd) => cmd.start <= e.range.start && e.range.start <= cmd.end),
    ).length;
    const delta = bodyLines(now) - bodyLines(was);
    if (delta !== addedCommands - removedCommands)
      problems.push(
        `${fn.name}(): ${delta} lines in bash's body, expected ${addedCommands - removedCommands} (${removedCommands} commands out, ${addedCommands} in)`,
      );
  }
  return problems;
}

interface Tally {
  functions: number;
  edited: number;
}

describe('fix-all on the corpus, checked by bash', () => {
  it('keeps every file sourcing and changes only what was flagged', async () => {
    const started = Date.now();
    // Every capability unused and every kind of subpackage dropped: each fix kind comes up.
    const capabilities = [...builtinProfile('kubernetes')!.catalogue.capabilities.keys()];
    const profile = resolveProfile(
      {
        extends: 'kubernetes',
        unused: capabilities,
        subpackages: {
          drop: ['dbg', 'openrc', 'lang', 'bash-completion', 'zsh-completion', 'fish-completion'],
        },
      },
      'round-trip',
    );
    const oracle = new Map(readOracle().map((r) => [r.path, r]));
    const pool = new BatchPool(2);
    const results: Sourced[] = [];
    const cases: Case[] = [];
    let pending: SourceJob[] = [];
    const flush = async (): Promise<void> => {
      const batch = pending;
      const offset = submitted - batch.length;
      pending = [];
      if (batch.length === 0) return;
      await pool.submit(batch, (sourced) => sourced.forEach((s, i) => (results[offset + i] = s)));
    };
    let submitted = 0;
    const job = (j: SourceJob): number => {
      pending.push(j);
      return submitted++;
    };
    // Per kind: files with a verified fix of it, verified findings (applied), advice findings.
    const perKind = { option: [0, 0, 0], makedepend: [0, 0, 0], subpackage: [0, 0, 0] };
    const paths = corpusPaths();
    for (const path of paths) {
      const text = readFileSync(corpusFile(path), 'utf8');
      const startdir = `/home/buildozer/aports/${path.replace(/\/APKBUILD$/, '')}`;
      const model = analyzeApkbuild(text, { startdir, environment: ORDINARY_BUILD });
      const analysis = analyzeHardening(model, profile);
      if (analysis.findings.length === 0) continue;
      for (const kind of ['option', 'makedepend', 'subpackage'] as const) {
        const mine = analysis.findings.filter(
          (f) =>
            (f.target.kind === kind || (kind === 'option' && f.target.kind === 'default-on')) &&
            f.code !== 'harden/kept-makedepend',
        );
        const verified = mine.filter((f) => f.verified).length;
        perKind[kind][0] += verified > 0 ? 1 : 0;
        perKind[kind][1] += verified;
        perKind[kind][2] += mine.length - verified;
      }
      const functions = model.functions.map((f) => f.name);
      const original = job({ text, startdir, functions });
      const variants: Variant[] = [];
      for (const variant of VARIANTS) {
        const plan = fixAllPlan(analysis, variant);
        const edits = planEdits(model, plan);
        const fixed = applyEdits(text, edits);
        const same = variants.find((v) => v.text === fixed);
        variants.push({
          variant,
          text: fixed,
          plan,
          edits,
          job: same ? same.job : job({ text: fixed, startdir, functions }),
        });
      }
      cases.push({ path, model, findings: analysis.findings, variants, original });
      if (pending.length >= BATCH) await flush();
    }
    await flush();
    await pool.drain();

    const failures: string[] = [];
    let unsourced = 0;
    const tally: Tally = { functions: 0, edited: 0 };
    for (const c of cases) {
      const before = results[c.original];
      if (before.rc !== 0) {
        unsourced++;
        continue;
      }
      // The harness itself: the original's values must be the oracle's (both are bash's).
      const record = oracle.get(c.path)!;
      for (const name of SOURCED_VARIABLES)
        if (record.shell === 'bash' && before.variables.get(name) !== record[name])
          failures.push(
            `${c.path} [harness] ${name}: ${JSON.stringify(before.variables.get(name))} but the oracle has ${JSON.stringify(record[name])}`,
          );
      for (const v of c.variants)
        for (const problem of compare(c, v, before, results[v.job], tally))
          failures.push(`${c.path} [${v.variant}] ${problem}`);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      [
        `fix round trip: ${paths.length} files, ${cases.length} with findings ` +
          `(with a verified fix of options ${perKind.option[0]}, makedepends ${perKind.makedepend[0]}, subpackages ${perKind.subpackage[0]})`,
        `verified findings fixed: options ${perKind.option[1]}, makedepends ${perKind.makedepend[1]}, subpackages ${perKind.subpackage[1]}; ` +
          `total ${perKind.option[1] + perKind.makedepend[1] + perKind.subpackage[1]} ` +
          `(advice, left as written: ${perKind.option[2] + perKind.makedepend[2] + perKind.subpackage[2]})`,
        `files sourced by bash: ${submitted} in ${Math.ceil(submitted / BATCH)} batches (originals that do not source: ${unsourced}); ` +
          `function bodies compared: ${tally.functions}, of them edited: ${tally.edited}`,
        `failures: ${failures.length}; time ${seconds} s`,
        ...failures.slice(0, 30).map((f) => `  ${f}`),
      ].join('\n'),
    );
    expect(cases.length).toBeGreaterThan(0);
    expect(failures.slice(0, 30)).toEqual([]);
  }, 600_000);
});

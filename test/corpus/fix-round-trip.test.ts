import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeApkbuild, type ApkbuildModel } from '../../server/src/apkbuild';
import {
  analyzeHardening,
  applyEdits,
  builtinProfile,
  fixAll,
  resolveProfile,
  type Finding,
  type FixVariant,
} from '../../server/src/hardening';
import { BatchPool, SOURCED_VARIABLES, type SourceJob, type Sourced } from '../helpers/bash-source';
import { corpusFile, corpusPaths, readOracle } from '../helpers/paths';

/**
 * Fix-all on the whole corpus, checked by bash: every file with findings is sourced before and
 * after the fix (the way abuild does, see corpus/README.md) and the fix may only take out what
 * was flagged. Both variants run on every file (about 30 s on two cores: a variant whose text
 * equals the other's is sourced once).
 */
const VARIANTS: FixVariant[] = ['remove', 'disable'];
const BATCH = 500;
/** The variables the fixes may change: as word lists, by exactly the flagged items. */
const MAKEDEPENDS = ['makedepends', 'makedepends_build', 'makedepends_host'];
const LISTS = new Set([...MAKEDEPENDS, 'subpackages']);

interface Case {
  path: string;
  model: ApkbuildModel;
  findings: Finding[];
  variants: { variant: FixVariant; text: string; job: number }[];
  original: number;
}

const words = (value: string | null | undefined): string[] | null =>
  value === null || value === undefined ? null : value.split(/[ \t\n]+/).filter((w) => w !== '');

/**
 * A declare -f body as token lines: bash prints each command on one line, words single-spaced,
 * and ends a command with `;` glued to its last word; that `;` becomes a token of its own.
 */
const tokenLines = (body: string): string[][] =>
  body
    .split('\n')
    .map((line) =>
      line
        .split(/[ \t]+/)
        .flatMap((t) => (t.length > 1 && t.endsWith(';') ? [t.slice(0, -1), ';'] : [t]))
        .filter((t) => t !== ''),
    )
    .filter((line) => line.length > 0);

const argumentTokens = (text: string): string[] =>
  text
    .replace(/\\\n/g, '')
    .split(/[ \t\n]+/)
    .filter((t) => t !== '');

/** `before` with each flagged argument (in source order) removed or replaced, searched forward. */
function editBody(
  before: string,
  edits: { from: string[]; to: string[] }[],
): { lines: string[][]; missing: string[] } {
  const lines = tokenLines(before);
  const missing: string[] = [];
  let line = 0;
  let column = 0;
  for (const edit of edits) {
    let found = false;
    for (let l = line; l < lines.length && !found; l++) {
      const tokens = lines[l];
      for (let c = l === line ? column : 0; c + edit.from.length <= tokens.length; c++) {
        if (!edit.from.every((t, k) => tokens[c + k] === t)) continue;
        tokens.splice(c, edit.from.length, ...edit.to);
        [line, column, found] = [l, c + edit.to.length, true];
        break;
      }
    }
    if (!found) missing.push(edit.from.join(' '));
  }
  return { lines: lines.filter((l) => l.length > 0), missing };
}

function firstDifference(expected: string[], actual: string[]): string {
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    if (expected[i] !== actual[i])
      return `line ${i + 1}:\n    expected: ${expected[i] ?? '(none)'}\n    after:    ${actual[i] ?? '(none)'}`;
  }
  return '(no difference)';
}

interface Tally {
  functions: number;
  arguments: number;
}

/** What went wrong with one variant of one file; empty when the fix kept everything else. */
function compare(
  c: Case,
  variant: FixVariant,
  before: Sourced,
  after: Sourced,
  tally: Tally,
): string[] {
  const problems: string[] = [];
  if (after.rc !== 0) return [`the fixed file no longer sources (bash exit ${after.rc})`];
  const flaggedWords = (kind: 'makedepend' | 'subpackage'): Set<string> =>
    new Set(
      c.findings.flatMap((f) =>
        f.target.kind !== kind
          ? []
          : f.target.kind === 'subpackage'
            ? [f.target.analysis.entry]
            : [f.subject],
      ),
    );
  const flagged = {
    makedepend: flaggedWords('makedepend'),
    subpackage: flaggedWords('subpackage'),
  };
  for (const name of SOURCED_VARIABLES) {
    const was = before.variables.get(name);
    const now = after.variables.get(name);
    if (!LISTS.has(name)) {
      if (was !== now)
        problems.push(`${name} changed: ${JSON.stringify(was)} -> ${JSON.stringify(now)}`);
      continue;
    }
    const remove = MAKEDEPENDS.includes(name) ? flagged.makedepend : flagged.subpackage;
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
    c.findings.flatMap((f) =>
      f.target.kind === 'subpackage' && f.target.analysis.splitFunction
        ? [f.target.analysis.splitFunction.name]
        : [],
    ),
  );
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
    const edits = c.findings.flatMap((f) => {
      if (f.target.kind !== 'option' || fn.node === null) return [];
      const { argument, state } = f.target.analysis;
      if (argument.range.start < fn.range.start || argument.range.start >= fn.range.end) return [];
      const to = variant === 'disable' && state.disabled !== null ? state.disabled : '';
      return [{ from: argumentTokens(f.subject), to: argumentTokens(to) }];
    });
    const { lines, missing } = editBody(was, edits);
    tally.functions++;
    tally.arguments += edits.length - missing.length;
    if (missing.length > 0)
      problems.push(`${fn.name}(): flagged argument(s) not in bash's body: ${missing.join(', ')}`);
    const expected = lines.map((l) => l.join(' '));
    const got = tokenLines(now).map((l) => l.join(' '));
    if (expected.join('\n') !== got.join('\n'))
      problems.push(`${fn.name}() body differs at ${firstDifference(expected, got)}`);
  }
  return problems;
}

describe('fix-all on the corpus, checked by bash', () => {
  it('keeps every file sourcing and changes only what was flagged', async () => {
    const started = Date.now();
    const capabilities = [...builtinProfile('kubernetes')!.catalogue.capabilities.keys()];
    const profile = resolveProfile({ extends: 'kubernetes', unused: capabilities }, 'round-trip');
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
    const perKind = { option: [0, 0], makedepend: [0, 0], subpackage: [0, 0] };
    const paths = corpusPaths();
    for (const path of paths) {
      const text = readFileSync(corpusFile(path), 'utf8');
      const startdir = `/home/buildozer/aports/${path.replace(/\/APKBUILD$/, '')}`;
      const model = analyzeApkbuild(text, { startdir });
      const analysis = analyzeHardening(model, profile);
      if (analysis.findings.length === 0) continue;
      for (const kind of ['option', 'makedepend', 'subpackage'] as const) {
        const n = analysis.findings.filter((f) => f.target.kind === kind).length;
        perKind[kind][0] += n > 0 ? 1 : 0;
        perKind[kind][1] += n;
      }
      const functions = model.functions.map((f) => f.name);
      const original = job({ text, startdir, functions });
      const variants: Case['variants'] = [];
      for (const variant of VARIANTS) {
        const fixed = applyEdits(text, fixAll(model, analysis, variant).edits);
        const same = variants.find((v) => v.text === fixed);
        variants.push({
          variant,
          text: fixed,
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
    const tally: Tally = { functions: 0, arguments: 0 };
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
        for (const problem of compare(c, v.variant, before, results[v.job], tally))
          failures.push(`${c.path} [${v.variant}] ${problem}`);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      [
        `fix round trip: ${paths.length} files, ${cases.length} with findings ` +
          `(options ${perKind.option[0]}, makedepends ${perKind.makedepend[0]}, subpackages ${perKind.subpackage[0]})`,
        `findings fixed: options ${perKind.option[1]}, makedepends ${perKind.makedepend[1]}, subpackages ${perKind.subpackage[1]}; ` +
          `total ${perKind.option[1] + perKind.makedepend[1] + perKind.subpackage[1]}`,
        `files sourced by bash: ${submitted} in ${Math.ceil(submitted / BATCH)} batches (originals that do not source: ${unsourced}); ` +
          `function bodies compared: ${tally.functions}, flagged arguments found in them: ${tally.arguments}`,
        `failures: ${failures.length}; time ${seconds} s`,
        ...failures.slice(0, 30).map((f) => `  ${f}`),
      ].join('\n'),
    );
    expect(cases.length).toBeGreaterThan(0);
    expect(failures.slice(0, 30)).toEqual([]);
  }, 600_000);
});

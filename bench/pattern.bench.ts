// Glob matching (case, [[ == ]], ${x#p} ${x%p} ${x/p/r}) on pathological and real patterns
// (issue: no input over 1 s; a backtracking matcher took over 120 s on 48 characters).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeApkbuild, isUnknown } from '../server/src/apkbuild';
import { Environment } from '../server/src/apkbuild/environment';
import { expandPattern, expandString } from '../server/src/apkbuild/expand';
import {
  matchesPattern,
  matchTooCostly,
  removePrefix,
  removeSuffix,
  replacePattern,
  type PatternPiece,
} from '../server/src/apkbuild/pattern';
import type { ParameterOperator } from '../server/src/apkbuild/syntax';
import { walk } from '../server/src/apkbuild/visit';
import { median, percentile, row, timed } from './figures';

type Operation = 'case' | '#' | '##' | '%' | '%%' | '/' | '//' | '/#' | '/%';

function run(subject: string, pieces: readonly PatternPiece[], op: Operation): unknown {
  switch (op) {
    case 'case':
      return matchesPattern(subject, pieces);
    case '#':
    case '##':
      return removePrefix(subject, pieces, op === '##');
    case '%':
    case '%%':
      return removeSuffix(subject, pieces, op === '%%');
    default:
      return replacePattern(subject, pieces, 'x', op);
  }
}

const glob = (text: string): PatternPiece[] => [{ text, quoted: false }];
const ELEVEN = '*a*a*a*a*a*a*a*a*a*a*a*b';
const ms = (t: number): string => `${t.toFixed(2)} ms`;
/** Median of 3 runs: the first also reads the pattern. */
const time = (f: () => unknown): number => median([timed(f).ms, timed(f).ms, timed(f).ms]);

console.log(`  P = ${ELEVEN}, v = n a, w = v + b (median of 3)`);
console.log('  bash 5.2 for scale: 0.06 s for case on 48 a, 5.3 s for ${v##P} on 100,000');
for (const n of [48, 1000, 100_000]) {
  const v = 'a'.repeat(n);
  const w = `${v}b`;
  const cases: [string, () => unknown][] = [
    ['case $v in P)', () => matchesPattern(v, glob(ELEVEN))],
    ['${v##P}', () => removePrefix(v, glob(ELEVEN), true)],
    ['${v%P}', () => removeSuffix(v, glob(ELEVEN), false)],
    ['${v//*a*a*a*b/x}', () => replacePattern(v, glob('*a*a*a*b'), 'x', '//')],
    ['${v//a?/x}', () => replacePattern(v, glob('a?'), 'x', '//')],
    ['${w//*a*a*a*b/x}', () => replacePattern(w, glob('*a*a*a*b'), 'x', '//')],
  ];
  for (const [label, f] of cases) row(`n = ${n}: ${label}`, ms(time(f)));
}

// The longest patterns the budget lets through for a 2-character subject, in the shapes that
// cost most to read: every `[` may open a bracket running to the end.
console.log('  longest patterns the budget allows (2-character subject)');
for (const unit of ['[', '[[:', '[a', '*[']) {
  let text = unit;
  while (!matchTooCostly('ab', glob(text + unit))) text += unit;
  const pattern = glob(text);
  row(
    `'${unit}' x ${text.length / unit.length} (${text.length} chars)`,
    ms(timed(() => matchesPattern('ab', pattern)).ms),
  );
}

// Every pattern in the corpus (case arms and pattern operators), with the subject it meets
// after the file is sourced, where both are known.
const aports = join(process.cwd(), '..', 'shared', 'corpus', 'aports');
const questions: [string, PatternPiece[], Operation][] = [];
const OPERATORS = new Set<ParameterOperator | null>(['#', '##', '%', '%%', '/', '//', '/#', '/%']);
for (const repo of readdirSync(aports).sort())
  for (const name of readdirSync(join(aports, repo)).sort()) {
    const model = analyzeApkbuild(readFileSync(join(aports, repo, name, 'APKBUILD'), 'utf8'));
    const env = Environment.create(new Map(), () => undefined);
    for (const a of model.assignments) {
      const value = model.value(a.name);
      if (value?.known) env.set(a.name, value.value);
    }
    walk(model.script, (node) => {
      if (node.kind === 'case') {
        const subject = expandString(node.subject, env);
        if (isUnknown(subject)) return;
        for (const item of node.items)
          for (const word of item.patterns) {
            const pieces = expandPattern(word, env);
            if (!isUnknown(pieces)) questions.push([subject, pieces, 'case']);
          }
      } else if (node.kind === 'parameter' && OPERATORS.has(node.operator)) {
        const subject = env.get(node.name);
        const pieces = expandPattern(node.argument, env);
        if (typeof subject === 'string' && !isUnknown(pieces))
          questions.push([subject, pieces, node.operator as Operation]);
      }
    });
  }
const each = questions.map(([s, p, op]) => timed(() => run(s, p, op)).ms).sort((x, y) => x - y);
const all = (): void => questions.forEach(([s, p, op]) => void run(s, p, op));
row(`corpus: ${questions.length} pattern operations, cold`, ms(each.reduce((x, y) => x + y, 0)));
row(
  'corpus: all again, warm (median of 5)',
  ms(median(Array.from({ length: 5 }, () => timed(all).ms))),
);
row(
  'corpus: p99 / slowest single operation',
  `${ms(percentile(each, 99))} / ${ms(each[each.length - 1])}`,
);
console.log('  goal: every operation well under 1000 ms');

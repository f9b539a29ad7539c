import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  analyzeApkbuild,
  parseShell,
  syntaxTokens,
  type ApkbuildModel,
} from '../../server/src/apkbuild';
import { ORACLE_FIELDS } from '../../server/src/apkbuild/model-json';
import { parseLazyFunctionLine } from '../../server/src/apkbuild/lazy-function';
import { parseCommand } from '../../server/src/apkbuild/parse-command';
import { parseLiteralAssignment } from '../../server/src/apkbuild/parse-literal-assignment';
import { ParserState } from '../../server/src/apkbuild/parser-state';
import { corpusFile, readOracle, type OracleRecord } from '../helpers/paths';
import { treeViolation } from '../helpers/tree-invariants';

/** Files whose fields stay unknown, with the reason; a change to this list shows as a diff. */
const BASELINE = join(import.meta.dirname, 'unknown-fields.tsv');
const UPDATE = process.env.UPDATE_CORPUS_BASELINE === '1';

interface FieldTally {
  equal: number;
  wrong: number;
  unknown: number;
}

interface CorpusRun {
  records: OracleRecord[];
  tally: Map<string, FieldTally>;
  wrong: string[];
  unknownRows: string[];
  functionMismatches: string[];
}

function runCorpus(): CorpusRun {
  const records = readOracle();
  const tally = new Map<string, FieldTally>(
    ORACLE_FIELDS.map((f) => [f, { equal: 0, wrong: 0, unknown: 0 }]),
  );
  const wrong: string[] = [];
  const unknownRows: string[] = [];
  const functionMismatches: string[] = [];
  for (const record of records) {
    const text = readFileSync(corpusFile(record.path), 'utf8');
    const startdir = `/home/buildozer/aports/${record.path.replace(/\/APKBUILD$/, '')}`;
    const model: ApkbuildModel = analyzeApkbuild(text, { startdir });
    for (const field of ORACLE_FIELDS) {
      const counts = tally.get(field)!;
      const value = model.value(field);
      if (value && !value.known) {
        counts.unknown++;
        unknownRows.push(`${field}\t${record.path}\t${value.reason}`);
        continue;
      }
      const got = value ? value.value : null;
      // Byte for byte, lists included: stricter than comparing word lists.
      if (got === record[field]) counts.equal++;
      else {
        counts.wrong++;
        wrong.push(
          `${record.path} ${field}: got ${JSON.stringify(got)}, bash gave ${JSON.stringify(record[field])}`,
        );
      }
    }
    const functions = model.functions.map((f) => f.name);
    if (JSON.stringify(functions) !== JSON.stringify(record.functions))
      functionMismatches.push(
        `${record.path}: ${functions.join(' ')} != ${record.functions.join(' ')}`,
      );
  }
  return { records, tally, wrong, unknownRows: unknownRows.sort(), functionMismatches };
}

function printTable(run: CorpusRun): void {
  const lines = ['field               equal  wrong  unknown  known%'];
  let pairs = 0;
  let known = 0;
  for (const [field, t] of run.tally) {
    const total = t.equal + t.wrong + t.unknown;
    pairs += total;
    known += t.equal + t.wrong;
    lines.push(
      `${field.padEnd(18)} ${String(t.equal).padStart(6)} ${String(t.wrong).padStart(6)} ${String(t.unknown).padStart(8)}  ${((100 * (t.equal + t.wrong)) / total).toFixed(2)}`,
    );
  }
  lines.push(
    `all fields: ${known}/${pairs} known (${((100 * known) / pairs).toFixed(3)}%), ${run.wrong.length} wrong; functions equal in ${run.records.length - run.functionMismatches.length}/${run.records.length} files`,
  );
  console.log(lines.join('\n'));
}

describe('the corpus of real APKBUILDs agrees with bash', () => {
  let run: CorpusRun;
  beforeAll(() => {
    run = runCorpus();
    printTable(run);
  });

  it('gives no wrong value: every known field equals what bash held', () => {
    expect(run.wrong.slice(0, 20)).toEqual([]);
  });

  it('knows at least 99% of the (file, field) pairs', () => {
    let pairs = 0;
    let known = 0;
    for (const t of run.tally.values()) {
      pairs += t.equal + t.wrong + t.unknown;
      known += t.equal + t.wrong;
    }
    expect(run.records.length).toBe(11963);
    expect(known / pairs).toBeGreaterThanOrEqual(0.99);
  });

  it('lists the functions each file defines, in the order bash reports them', () => {
    expect(run.functionMismatches).toEqual([]);
  });

  it('keeps the checked-in list of unknown fields (regenerate with UPDATE_CORPUS_BASELINE=1)', () => {
    const current = run.unknownRows.join('\n') + '\n';
    if (UPDATE) writeFileSync(BASELINE, current);
    expect(current).toBe(readFileSync(BASELINE, 'utf8'));
  });
});

describe('the parser on the corpus', () => {
  it('parses every file without a syntax error; ranges nest and tokens cover each file exactly', () => {
    const problems: string[] = [];
    for (const record of readOracle()) {
      const text = readFileSync(corpusFile(record.path), 'utf8');
      const result = parseShell(text);
      if (result.diagnostics.length > 0)
        problems.push(`${record.path}: ${result.diagnostics[0].message}`);
      const violation = treeViolation(text, result);
      if (violation) problems.push(`${record.path}: ${violation}`);
      const stray = syntaxTokens(text, result).find((t) => t.kind === 'stray');
      if (stray)
        problems.push(`${record.path}: text the tree does not account for at ${stray.start}`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('builds the same tree when it reads `name=literal` and `name() {` lines with the general parser', () => {
    const differing: string[] = [];
    const fast = { assignments: 0, functions: 0 };
    for (const record of readOracle()) {
      const text = readFileSync(corpusFile(record.path), 'utf8');
      for (const lazyFunctionBodies of [false, true]) {
        const withFastPath = parseShell(text, { lazyFunctionBodies });
        const general = parseShell(text, { lazyFunctionBodies, fastAssignments: false });
        if (JSON.stringify(withFastPath) !== JSON.stringify(general))
          differing.push(`${record.path}${lazyFunctionBodies ? ' (lazy bodies)' : ''}`);
      }
      const taken = fastLines(text);
      fast.assignments += taken.assignments;
      fast.functions += taken.functions;
    }
    expect(differing.slice(0, 20)).toEqual([]);
    // The fast paths are taken: most top-level lines of an APKBUILD are such lines.
    expect(fast.assignments).toBeGreaterThan(150_000);
    expect(fast.functions).toBeGreaterThan(35_000);
  });
});

/** Top-level commands the fast paths read (with function bodies left for later). */
function fastLines(text: string): { assignments: number; functions: number } {
  const state = new ParserState(text);
  state.lazyFunctionBodies = true;
  const taken = { assignments: 0, functions: 0 };
  for (const command of parseShell(text).script.commands) {
    state.pos = command.start;
    if (parseLiteralAssignment(state) !== null) taken.assignments++;
    state.pos = command.start;
    if (parseLazyFunctionLine(state, parseCommand) !== null) taken.functions++;
  }
  return taken;
}

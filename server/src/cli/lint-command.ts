import { analyzeApkbuild } from '../apkbuild';
import { ORDINARY_BUILD } from '../aports/entry';
import { checkCarch } from './harden-file';
import { readApkbuildFile, type CliIo } from './io';
import {
  lintCountText,
  lintOf,
  lintSarifRun,
  lintTextLines,
  locateLint,
  type LocatedLint,
} from './lint-report';
import { SARIF_SCHEMA } from './sarif';

export const LINT_FORMATS = ['text', 'json', 'sarif'] as const;

export interface LintFlags {
  format: string;
  carch: string;
}

/** `apkharden lint --format json`: one record a file. */
export interface LintJsonFile {
  file: string;
  findings: LocatedLint[];
}

/**
 * `apkharden lint FILE... [--format text|json|sarif] [--carch ARCH]`: the lint findings of each
 * file (apkbuild-lint's codes, abuild's checks, syntax errors), with no profile. Exit 0 when
 * there are none, 1 when there are, 2 when a file cannot be read or the command line is wrong
 * (the other files are still linted): the codes `check` uses.
 */
export function runLint(files: string[], flags: LintFlags, io: CliIo): number {
  if (files.length === 0) return io.usage('lint needs at least one APKBUILD file');
  if (!(LINT_FORMATS as readonly string[]).includes(flags.format))
    return io.usage(`unknown --format '${flags.format}' (one of ${LINT_FORMATS.join(', ')})`);
  const carchError = checkCarch(flags.carch);
  if (carchError) return io.usage(carchError);
  let unreadable = false;
  const linted: LintJsonFile[] = [];
  for (const file of files) {
    const read = readApkbuildFile(file);
    if (!read.ok) {
      io.error(read.message);
      unreadable = true;
      continue;
    }
    const model = analyzeApkbuild(read.text, {
      carch: flags.carch,
      startdir: read.startdir,
      environment: ORDINARY_BUILD,
    });
    const findings = locateLint(model, lintOf(model));
    linted.push({ file: read.path, findings });
    if (flags.format === 'text') {
      for (const line of lintTextLines(read.path, findings)) io.print(line);
      io.print(`${read.path}: ${lintCountText(findings) ?? 'no lint findings'}`);
    }
  }
  if (flags.format === 'json') io.print(JSON.stringify(linted, null, 2));
  else if (flags.format === 'sarif')
    io.print(
      JSON.stringify(
        {
          version: '2.1.0',
          $schema: SARIF_SCHEMA,
          runs: [lintSarifRun(linted.map((f) => ({ path: f.file, located: f.findings })))],
        },
        null,
        2,
      ),
    );
  if (unreadable) return 2;
  return linted.some((f) => f.findings.length > 0) ? 1 : 0;
}

import { isAdviceOnly, type Evidence, type FindingCode, type ProfileRule } from '../hardening';
import {
  checkCarch,
  hardenFile,
  locateFindings,
  type HardenedFile,
  type LocatedFinding,
} from './harden-file';
import { loadHardeningSources } from './hardening-flags';
import type { CliIo } from './io';
import { lintApkbuild } from '../lint';
import {
  lintCountText,
  lintSarifRun,
  lintTextLines,
  locateLint,
  type LocatedLint,
} from './lint-report';
import { ProfileChooser } from './profile-option';
import { toSarif } from './sarif';

export const CHECK_FORMATS = ['text', 'json', 'sarif'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckFlags {
  profile: string | undefined;
  format: string;
  carch: string;
  /** APKINDEX files: which makedepends bring which, and what a profile's packages need. */
  index: string[];
  /** SBOM files whose packages join the index's. */
  sbom: string[];
  /** An aports tree, for the same where there is no index (`depends_dev`). */
  aports: string | undefined;
  /** `--no-lint`: the hardening findings only. */
  noLint?: boolean;
}

/** One file of `check --format json`; lines and columns count from 1, the end is exclusive. */
export interface CheckJsonFile {
  file: string;
  profile: string;
  findings: {
    code: FindingCode;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    subject: string;
    message: string;
    /** The finding in one clause, as the editor's Problems panel shows it. */
    summary: string;
    /** Every part of the fix is known to build; false: advice only, no fix is applied. */
    verified: boolean;
    advice: string | null;
    rule: ProfileRule;
    feature: string | null;
    capability: string | null;
    evidence: Evidence;
  }[];
  /** The file's lint findings (absent with --no-lint: empty). */
  lint: LocatedLint[];
}

interface Checked {
  hardened: HardenedFile;
  located: LocatedFinding[];
  /** The file's lint (syntax errors go to stderr with the file's reading); empty with --no-lint. */
  lint: LocatedLint[];
}

function isFormat(format: string): format is CheckFormat {
  return (CHECK_FORMATS as readonly string[]).includes(format);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `FILE:LINE:COL: CODE: message` per finding, then `FILE: N findings: ... (profile: SOURCE)`. */
function textReport({ hardened, located, lint }: Checked): string[] {
  const out = located.map(
    (l) => `${hardened.path}:${l.line}:${l.column}: ${l.finding.code}: ${l.finding.message}`,
  );
  out.push(...lintTextLines(hardened.path, lint));
  const count = (...codes: FindingCode[]): number =>
    located.filter((l) => codes.includes(l.finding.code)).length;
  const advice = located.filter((l) => isAdviceOnly(l.finding)).length;
  const kept = count('harden/kept-makedepend');
  const scope = hardened.analysis.scope.note;
  out.push(
    `${hardened.path}: ${plural(located.length - kept, 'finding')}: ` +
      `${plural(count('harden/removable-option', 'harden/default-on'), 'option')}, ` +
      `${count('harden/removable-makedepend')} makedepends, ` +
      `${plural(count('harden/removable-subpackage'), 'subpackage')}; ` +
      `${advice} advice only${kept > 0 ? `, ${plural(kept, 'makedepend')} kept by another` : ''} ` +
      `(profile: ${hardened.loaded.profile.source}${scope ? `; ${scope}` : ''})` +
      (lint.length > 0 ? `; ${lintCountText(lint)}` : ''),
  );
  return out;
}

function jsonReport({ hardened, located, lint }: Checked): CheckJsonFile {
  return {
    file: hardened.path,
    profile: hardened.loaded.profile.source,
    findings: located.map(({ finding, line, column, endLine, endColumn }) => ({
      code: finding.code,
      line,
      column,
      endLine,
      endColumn,
      subject: finding.subject,
      message: finding.message,
      summary: finding.summary,
      verified: finding.verified,
      advice: finding.advice,
      rule: finding.rule,
      feature: finding.feature,
      capability: finding.capability,
      evidence: finding.evidence,
    })),
    lint,
  };
}

/**
 * `apkharden check FILE... [--profile P] [--format text|json|sarif] [--carch ARCH]`. Exit 0 when
 * nothing is found, 1 when something is, 2 when a file cannot be read or its profile has an
 * error (the others are still checked) or the command line is wrong.
 */
export async function runCheck(files: string[], flags: CheckFlags, io: CliIo): Promise<number> {
  if (files.length === 0) return io.usage('check needs at least one APKBUILD file');
  if (!isFormat(flags.format))
    return io.usage(`unknown --format '${flags.format}' (one of ${CHECK_FORMATS.join(', ')})`);
  const carchError = checkCarch(flags.carch);
  if (carchError) return io.usage(carchError);
  const profiles = ProfileChooser.create(flags.profile, io);
  if (typeof profiles === 'number') return profiles;

  const sources = await loadHardeningSources(flags, io);
  if ('error' in sources) {
    io.error(sources.error);
    return 2;
  }
  let unreadable = false;
  const checked: Checked[] = [];
  for (const file of files) {
    const hardened = hardenFile(file, flags.carch, profiles, io, sources);
    if (hardened === null) {
      unreadable = true;
      continue;
    }
    const lint = flags.noLint ? [] : locateLint(hardened.model, lintApkbuild(hardened.model));
    const entry = { hardened, located: locateFindings(hardened), lint };
    checked.push(entry);
    // Text goes out file by file, so a long run shows progress.
    if (flags.format === 'text') for (const line of textReport(entry)) io.print(line);
  }
  if (flags.format === 'json') io.print(JSON.stringify(checked.map(jsonReport), null, 2));
  else if (flags.format === 'sarif') {
    const log = toSarif(checked);
    if (!flags.noLint)
      log.runs.push(lintSarifRun(checked.map((c) => ({ path: c.hardened.path, located: c.lint }))));
    io.print(JSON.stringify(log, null, 2));
  }

  if (unreadable) return 2;
  return checked.some((c) => c.located.length > 0 || c.lint.length > 0) ? 1 : 0;
}

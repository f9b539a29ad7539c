import { analyzeApkbuild, ARCH_TRIPLETS, type ApkbuildModel } from '../apkbuild';
import { ORDINARY_BUILD } from '../aports/entry';
import type { FileSnapshot } from '../atomic-write';
import type { HardeningSources } from '../hardening-sources';
import {
  analyzeHardening,
  type Finding,
  type HardeningAnalysis,
  type LoadedProfile,
} from '../hardening';
import { readApkbuildFile, type CliIo } from './io';
import type { ProfileChooser } from './profile-option';

/** One APKBUILD read, modelled and judged against its profile. */
export interface HardenedFile {
  /** The APKBUILD as named on the command line (`DIR/APKBUILD` when a folder was given). */
  path: string;
  model: ApkbuildModel;
  loaded: LoadedProfile;
  analysis: HardeningAnalysis;
  /** The bytes read, for `fix --write` to check the file did not change before replacing it. */
  snapshot: FileSnapshot;
}

/** A finding with one-based line and column numbers; the end is exclusive, as in SARIF. */
export interface LocatedFinding {
  finding: Finding;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The usage error for an unknown `--carch`, or null when it is one abuild knows. */
export function checkCarch(carch: string): string | null {
  if (carch in ARCH_TRIPLETS) return null;
  return `unknown --carch '${carch}' (one of ${Object.keys(ARCH_TRIPLETS).join(', ')})`;
}

/**
 * Reads and analyzes one file. Syntax errors go to stderr as `FILE:LINE:COL: syntax: ...` (the
 * analyzer only judges what the model knows); null when the file cannot be read or its profile
 * has errors, which is reported too.
 */
export function hardenFile(
  file: string,
  carch: string,
  profiles: ProfileChooser,
  io: CliIo,
  sources: HardeningSources | null = null,
): HardenedFile | null {
  const read = readApkbuildFile(file);
  if (!read.ok) {
    io.error(read.message);
    return null;
  }
  const model = analyzeApkbuild(read.text, {
    carch,
    startdir: read.startdir,
    environment: ORDINARY_BUILD,
  });
  for (const d of model.syntaxDiagnostics) {
    const at = model.lines.positionAt(d.start);
    io.error(`${read.path}:${at.line + 1}:${at.character + 1}: syntax: ${d.message}`);
  }
  reportEvaluationStop(read.path, model, io);
  const loaded = profiles.profileFor(read.path);
  if (loaded === null) return null;
  const sbom = sources?.sbomInput(loaded.profile.packages);
  const analysis = analyzeHardening(model, loaded.profile, sbom);
  if (analysis.skipped)
    io.error(`${read.path}: warning: no hardening findings: ${analysis.skipped}`);
  return { path: read.path, model, loaded, analysis, snapshot: read.snapshot };
}

/** Says where static evaluation gave up, so missing findings have a reason on stderr. */
export function reportEvaluationStop(path: string, model: ApkbuildModel, io: CliIo): void {
  const stop = model.evaluationStop;
  if (!stop) return;
  const at = model.lines.positionAt(stop.offset);
  io.error(
    `${path}:${at.line + 1}:${at.character + 1}: warning: ${stop.reason}: values set after this point are unknown`,
  );
}

/** The findings of a file with their positions, sorted by line, then column, then code. */
export function locateFindings(hardened: HardenedFile): LocatedFinding[] {
  const lines = hardened.model.lines;
  return hardened.analysis.findings
    .map((finding) => {
      const start = lines.positionAt(finding.range.start);
      const end = lines.positionAt(finding.range.end);
      return {
        finding,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
      };
    })
    .sort(
      (a, b) =>
        a.line - b.line ||
        a.column - b.column ||
        (a.finding.code < b.finding.code ? -1 : a.finding.code > b.finding.code ? 1 : 0),
    );
}

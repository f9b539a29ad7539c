import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineIndex } from '../apkbuild';
import {
  BUILTIN_PROFILES,
  builtinProfile,
  loadProfileFile,
  loadProfileFor,
  type LoadedProfile,
} from '../hardening';
import type { CliIo } from './io';

/**
 * Where the profile of each file comes from: `--profile NAME|PATH` gives one profile for every
 * file; without it each APKBUILD gets the `.apkharden.yaml` found from its folder upward, or
 * the built-in default. A profile with an error is never used: its problems go to stderr and
 * the command leaves the files under it alone (exit 2).
 */
export class ProfileChooser {
  /** Profile files whose diagnostics were printed, so each is reported once per run. */
  private readonly reported = new Set<string>();

  private constructor(
    private readonly fixed: LoadedProfile | null,
    private readonly io: CliIo,
  ) {}

  /**
   * Checks `--profile` once, before any file is read. A name that is neither a built-in nor a
   * file is a usage error, a file with errors an input error: both are reported here, and the
   * exit code (2) is returned instead of a chooser.
   */
  static create(option: string | undefined, io: CliIo): ProfileChooser | number {
    if (option === undefined) return new ProfileChooser(null, io);
    if (option === '')
      return io.usage(`--profile needs a value (${builtinNames()}, or a YAML file)`);
    if (option in BUILTIN_PROFILES) {
      const profile = builtinProfile(option)!;
      const loaded = { profile, file: null, text: null, diagnostics: [], broken: false };
      return new ProfileChooser(loaded, io);
    }
    if (!existsSync(option))
      return io.usage(
        `unknown --profile '${option}': not a built-in profile (${builtinNames()}) and no such file`,
      );
    if (statSync(option).isDirectory())
      return io.usage(
        `--profile '${option}' is a folder: give a YAML file or one of ${builtinNames()}`,
      );
    const chooser = new ProfileChooser(loadProfileFile(option), io);
    if (chooser.report(chooser.fixed!)) return chooser;
    io.error(`apkharden: nothing done: the profile ${option} has errors`);
    return 2;
  }

  /**
   * The profile for the APKBUILD at `apkbuildPath`, its file's problems printed once; null when
   * that profile has errors (then the APKBUILD is skipped, and said so).
   */
  profileFor(apkbuildPath: string): LoadedProfile | null {
    const loaded = this.fixed ?? loadProfileFor(dirname(resolve(apkbuildPath)), null);
    if (this.report(loaded)) return loaded;
    this.io.error(`${apkbuildPath}: skipped: its profile ${loaded.file} has errors`);
    return null;
  }

  /** Prints the profile's problems the first time it is met; false when it is broken. */
  private report(loaded: LoadedProfile): boolean {
    const key = loaded.file ?? loaded.profile.source;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      for (const line of formatProfileDiagnostics(loaded)) this.io.error(line);
    }
    return !loaded.broken;
  }
}

function builtinNames(): string {
  return Object.keys(BUILTIN_PROFILES).join(', ');
}

/**
 * `PROFILE:LINE:COL: KEY.PATH: message` for an error, `PROFILE:LINE:COL: warning: message` for
 * a warning, lines and columns from 1; `PROFILE: message` when the file could not be read.
 */
export function formatProfileDiagnostics(loaded: LoadedProfile): string[] {
  const file = loaded.file ?? loaded.profile.source;
  if (loaded.text === null) return loaded.diagnostics.map((d) => `${file}: ${d.message}`);
  const lines = new LineIndex(loaded.text);
  return loaded.diagnostics.map((d) => {
    const at = lines.positionAt(d.range.start);
    const label = d.severity === 'warning' ? 'warning: ' : '';
    return `${file}:${at.line + 1}:${at.character + 1}: ${label}${d.message}`;
  });
}

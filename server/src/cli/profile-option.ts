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
 * the built-in default.
 */
export class ProfileChooser {
  private readonly fixed: LoadedProfile | null;
  /** Profile files whose diagnostics were printed, so each is reported once per run. */
  private readonly reported = new Set<string>();

  private constructor(
    fixed: LoadedProfile | null,
    private readonly io: CliIo,
  ) {
    this.fixed = fixed;
  }

  /**
   * Checks `--profile` once, before any file is read. A name that is neither a built-in nor a
   * readable file is a usage error: the returned string says why.
   */
  static create(option: string | undefined, io: CliIo): ProfileChooser | string {
    if (option === undefined) return new ProfileChooser(null, io);
    if (option === '') return `--profile needs a value (${builtinNames()}, or a YAML file)`;
    if (option in BUILTIN_PROFILES) {
      const profile = builtinProfile(option);
      if (profile)
        return new ProfileChooser({ profile, file: null, text: null, diagnostics: [] }, io);
    }
    if (!existsSync(option))
      return `unknown --profile '${option}': not a built-in profile (${builtinNames()}) and no such file`;
    if (statSync(option).isDirectory())
      return `--profile '${option}' is a folder: give a YAML file or one of ${builtinNames()}`;
    const loaded = loadProfileFile(option);
    if (loaded.text === null) return `--profile '${option}': cannot read it`;
    return new ProfileChooser(loaded, io);
  }

  /** The profile for the APKBUILD at `apkbuildPath`; its file's problems go to stderr once. */
  profileFor(apkbuildPath: string): LoadedProfile {
    const loaded = this.fixed ?? loadProfileFor(dirname(resolve(apkbuildPath)), null);
    const key = loaded.file ?? loaded.profile.source;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      for (const line of formatProfileDiagnostics(loaded)) this.io.error(line);
    }
    return loaded;
  }
}

function builtinNames(): string {
  return Object.keys(BUILTIN_PROFILES).join(', ');
}

/** `PROFILEFILE:LINE:COL: profile: message`, one per diagnostic, lines and columns from 1. */
export function formatProfileDiagnostics(loaded: LoadedProfile): string[] {
  const file = loaded.file ?? loaded.profile.source;
  if (loaded.text === null) {
    // The file could not be read: its message already names it.
    return loaded.diagnostics.map(
      (d) => `${file}: profile: ${stripPrefix(d.message, `${file}: `)}`,
    );
  }
  const lines = new LineIndex(loaded.text);
  return loaded.diagnostics.map((d) => {
    const at = lines.positionAt(d.range.start);
    return `${file}:${at.line + 1}:${at.character + 1}: profile: ${d.message}`;
  });
}

function stripPrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

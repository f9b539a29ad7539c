import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  BUILTIN_PROFILES,
  DEFAULT_PROFILE,
  builtinProfile,
  resolveProfile,
  type Profile,
} from './profile';
import { parseProfileYaml, type ProfileDiagnostic } from './profile-yaml';

export const PROFILE_FILE_NAME = '.apkharden.yaml';

export interface LoadedProfile {
  profile: Profile;
  /** The profile file read, or null for a built-in. */
  file: string | null;
  /** Problems in that file (or in the setting), with offsets into the file's text. */
  diagnostics: ProfileDiagnostic[];
  /** The file's text, so diagnostics can be turned into lines. */
  text: string | null;
}

/** `.apkharden.yaml` in the APKBUILD's folder or the nearest folder above it. */
export function findProfileFile(startFolder: string, stopAt = '/'): string | null {
  let folder = resolve(startFolder);
  for (;;) {
    const candidate = join(folder, PROFILE_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(folder);
    if (parent === folder || folder === resolve(stopAt)) return null;
    folder = parent;
  }
}

/** Reads a profile file; a file that cannot be read becomes a diagnostic, and the default applies. */
export function loadProfileFile(file: string): LoadedProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const fallback = builtinProfile(DEFAULT_PROFILE)!;
    return {
      profile: fallback,
      file,
      text: null,
      diagnostics: [
        {
          range: { start: 0, end: 0 },
          severity: 'error',
          message: `${file}: cannot read the profile (${(error as Error).message}); using the built-in '${DEFAULT_PROFILE}'`,
        },
      ],
    };
  }
  const parsed = parseProfileYaml(text);
  return {
    profile: resolveProfile(parsed.spec, file),
    file,
    text,
    diagnostics: parsed.diagnostics,
  };
}

/**
 * The profile for an APKBUILD: `.apkharden.yaml` found from its folder upward, else the
 * `apkbuild.profile` setting (a built-in name or a path), else the built-in default.
 */
export function loadProfileFor(
  apkbuildFolder: string | null,
  setting: string | null,
  workspaceFolder?: string,
): LoadedProfile {
  const found = apkbuildFolder ? findProfileFile(apkbuildFolder) : null;
  if (found) return loadProfileFile(found);
  if (setting && setting in BUILTIN_PROFILES)
    return { profile: builtinProfile(setting)!, file: null, text: null, diagnostics: [] };
  if (setting) {
    const path = isAbsolute(setting)
      ? setting
      : resolve(workspaceFolder ?? apkbuildFolder ?? '.', setting);
    return loadProfileFile(path);
  }
  return { profile: builtinProfile(DEFAULT_PROFILE)!, file: null, text: null, diagnostics: [] };
}

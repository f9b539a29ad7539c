import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  BUILTIN_PROFILES,
  DEFAULT_PROFILE,
  builtinProfile,
  resolveProfile,
  type Profile,
} from './profile';
import { readInputFile } from '../input-file';
import { parseProfileYaml, type ProfileDiagnostic } from './profile-yaml';

export const PROFILE_FILE_NAME = '.apkharden.yaml';

export interface LoadedProfile {
  /**
   * The profile to analyse with: the file's, or, when the file has errors, the fallback (the
   * last good version of the file, or the built-in default).
   */
  profile: Profile;
  /** The profile file read, or null for a built-in. */
  file: string | null;
  /** Problems in that file (or in the setting), with offsets into the file's text. */
  diagnostics: ProfileDiagnostic[];
  /** The file's text, so diagnostics can be turned into lines; null when it could not be read. */
  text: string | null;
  /** The file has errors, so `profile` is not the file's: nothing may be done with it as if it were. */
  broken: boolean;
}

/**
 * Profiles are written by hand: the whole built-in catalogue and build knowledge written as a
 * profile take 58 KB. The YAML parser needs about 1.5 s a megabyte, so the limit is a quarter.
 */
export const MAX_PROFILE_BYTES = 256 * 1024;

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

function builtin(name: string): LoadedProfile {
  return { profile: builtinProfile(name)!, file: null, text: null, diagnostics: [], broken: false };
}

/**
 * Reads a profile file: bounded (a FIFO, a device or an oversized file is refused without
 * blocking), UTF-8, then checked against the schema. A file with errors is `broken` and carries
 * `fallback` (by default the built-in default profile) instead of a half-read profile.
 */
export function loadProfileFile(
  file: string,
  fallback: Profile = builtinProfile(DEFAULT_PROFILE)!,
): LoadedProfile {
  const failed = (message: string, text: string | null): LoadedProfile => ({
    profile: fallback,
    file,
    text,
    broken: true,
    diagnostics: [{ range: { start: 0, end: 0 }, path: '', severity: 'error', message }],
  });
  const read = readInputFile(file, { what: 'a hardening profile', maxBytes: MAX_PROFILE_BYTES });
  // The message names the file; the diagnostic is shown on the file, or after its name.
  if (!read.ok) return failed(read.message.replace(`${file}: `, ''), null);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
  } catch {
    return failed('is not UTF-8 text, as a YAML profile must be', null);
  }
  const parsed = parseProfileYaml(text);
  const broken = parsed.diagnostics.some((d) => d.severity === 'error');
  return {
    profile: broken ? fallback : resolveProfile(parsed.spec, file),
    file,
    text,
    broken,
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
  options: {
    workspaceFolder?: string;
    /** What a broken file gives instead (the server keeps each file's last good profile). */
    fallbackFor?: (file: string) => Profile | undefined;
  } = {},
): LoadedProfile {
  const load = (file: string): LoadedProfile => loadProfileFile(file, options.fallbackFor?.(file));
  const found = apkbuildFolder ? findProfileFile(apkbuildFolder) : null;
  if (found) return load(found);
  if (setting && setting in BUILTIN_PROFILES) return builtin(setting);
  if (setting) {
    const path = isAbsolute(setting)
      ? setting
      : resolve(options.workspaceFolder ?? apkbuildFolder ?? '.', setting);
    return load(path);
  }
  return builtin(DEFAULT_PROFILE);
}

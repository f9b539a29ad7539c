import { isAbsolute, normalize, relative } from 'node:path';
import { replaceIfUnchanged, type FileSnapshot, type WriteResult } from '../atomic-write';
import { decodeBytes, encodeText } from '../byte-text';
import { checkFix, fixAll, isAdviceOnly, type FixVariant } from '../hardening';
import { lintApkbuild, lintFixAll } from '../lint';
import { unifiedDiff } from './diff';
import { checkCarch, hardenFile } from './harden-file';
import { loadHardeningSources } from './hardening-flags';
import { APKBUILD_LIMITS, type CliIo } from './io';
import { ProfileChooser } from './profile-option';

export interface FixFlags {
  variant: string;
  write: boolean;
  diff: boolean;
  profile: string | undefined;
  carch: string;
  index: string[];
  /** SBOM files whose packages join the index's. */
  sbom: string[];
  aports: string | undefined;
  /** `--lint`: apply the lint fixes instead of the hardening ones. */
  lint?: boolean;
}

const VARIANTS: readonly FixVariant[] = ['disable', 'remove'];

function isVariant(variant: string): variant is FixVariant {
  return (VARIANTS as readonly string[]).includes(variant);
}

/** The name in the diff headers: relative to the working folder when the file is inside it. */
function diffLabel(path: string): string {
  if (!isAbsolute(path)) return normalize(path);
  const inside = relative(process.cwd(), path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)
    ? inside
    : path.replace(/^\/+/, '');
}

/** Replaces the file read with new bytes unless it changed meanwhile; tests pass their own. */
export type ReplaceFile = (snapshot: FileSnapshot, bytes: Uint8Array) => WriteResult;

const replaceApkbuild: ReplaceFile = (snapshot, bytes) =>
  replaceIfUnchanged(snapshot, bytes, APKBUILD_LIMITS);

/**
 * `apkharden fix FILE [--variant disable|remove] [--write|--diff] [--profile P] [--carch ARCH]`:
 * the file with every fix applied on stdout, a unified diff with --diff, or the file rewritten
 * in place with --write (only when something changes, and not when it changed since it was
 * read). Every byte outside the edits stays as it was, UTF-8 or not. Exit 0; 2 when the file
 * cannot be read or written, does not parse, its profile has an error (then nothing is printed
 * or written), or the command line is wrong; 1 if the fixed text would not parse.
 */
export async function runFix(
  files: string[],
  flags: FixFlags,
  io: CliIo,
  replace: ReplaceFile = replaceApkbuild,
): Promise<number> {
  if (files.length !== 1) return io.usage('fix takes exactly one APKBUILD file');
  if (!isVariant(flags.variant))
    return io.usage(`unknown --variant '${flags.variant}' (one of ${VARIANTS.join(', ')})`);
  if (flags.write && flags.diff) return io.usage('--write and --diff do not go together');
  const carchError = checkCarch(flags.carch);
  if (carchError) return io.usage(carchError);
  const profiles = ProfileChooser.create(flags.profile, io);
  if (typeof profiles === 'number') return profiles;

  const sources = await loadHardeningSources(flags, io);
  if ('error' in sources) {
    io.error(sources.error);
    return 2;
  }
  const hardened = hardenFile(files[0], flags.carch, profiles, io, sources);
  if (hardened === null) return 2;
  const { model, analysis, path, snapshot } = hardened;
  const fix = fixAll(model, analysis, flags.variant);
  const lint = flags.lint ? lintFixAll(lintApkbuild(model)) : null;
  // The fixes keep the file valid; should they not, say so rather than hand out a broken file.
  const check = checkFix(model, lint ? lint.edits : fix.edits);
  if (!check.ok) {
    io.error(`${path}: nothing done: ${check.reason}`);
    return check.fault === 'file' ? 2 : 1;
  }
  const fixed = check.text;
  // Escapes stand for the bytes that are not UTF-8: encoded back, they are those bytes again.
  const bytes = encodeText(fixed);
  if (!encodeText(model.text).equals(snapshot.bytes) || decodeBytes(bytes) !== fixed) {
    io.error(`${path}: nothing done: its bytes would not survive the edit unchanged`);
    return 2;
  }

  if (flags.diff) {
    io.write(encodeText(unifiedDiff(diffLabel(path), model.text, fixed)));
    return 0;
  }
  if (!flags.write) {
    io.write(bytes);
    return 0;
  }
  if (fixed === model.text) {
    io.error(`${path}: nothing to fix`);
    return 0;
  }
  const written = replace(snapshot, bytes);
  if (!written.ok) {
    io.error(written.message);
    return 2;
  }
  if (lint) {
    io.error(`${path}: applied ${lint.applied} lint fix${lint.applied === 1 ? '' : 'es'}`);
    return 0;
  }
  const count = fix.findings.length;
  const advice = analysis.findings.filter(isAdviceOnly).length;
  io.error(
    `${path}: applied ${count} verified fix${count === 1 ? '' : 'es'}` +
      (advice > 0 ? `; ${advice} advice only, left as written (see check)` : ''),
  );
  return 0;
}

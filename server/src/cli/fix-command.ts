import { randomBytes } from 'node:crypto';
import {
  chownSync,
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize, relative } from 'node:path';
import { analyzeApkbuild } from '../apkbuild';
import { ORDINARY_BUILD } from '../aports/entry';
import { applyEdits, fixAll, isAdviceOnly, type FixVariant } from '../hardening';
import { unifiedDiff } from './diff';
import { checkCarch, hardenFile } from './harden-file';
import { loadHardeningSources } from './hardening-flags';
import type { CliIo } from './io';
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

/**
 * Replaces `path` with `text` atomically: a temporary file in the same folder (so the rename
 * stays on one file system), flushed, with the original's mode (and owner, when allowed), then
 * renamed over it. A symbolic link is followed, so the link stays a link.
 */
function writeAtomically(path: string, text: string): void {
  const target = realpathSync(path);
  const stat = statSync(target);
  const temp = join(
    dirname(target),
    `.${basename(target)}.apkharden-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  const fd = openSync(temp, 'wx', 0o600);
  try {
    try {
      writeSync(fd, text);
      fchmodSync(fd, stat.mode & 0o7777);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      chownSync(temp, stat.uid, stat.gid);
    } catch {
      // Only root may give a file away; the new file then belongs to whoever runs the fix.
    }
    renameSync(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Already renamed or never created: nothing to clean up.
    }
    throw error;
  }
}

/**
 * `apkharden fix FILE [--variant disable|remove] [--write|--diff] [--profile P] [--carch ARCH]`:
 * the file with every fix applied on stdout, a unified diff with --diff, or the file rewritten
 * in place with --write (only when something changes). Exit 0, or 2 when the file cannot be
 * read or written, its profile has an error (then nothing is printed or written), or the
 * command line is wrong; 1 if the fixed text would not parse.
 */
export async function runFix(files: string[], flags: FixFlags, io: CliIo): Promise<number> {
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
  const { model, analysis, path } = hardened;
  const fix = fixAll(model, analysis, flags.variant);
  const fixed = applyEdits(model.text, fix.edits);

  // The fixes keep the file valid; should they not, say so rather than hand out a broken file.
  const before = model.syntaxDiagnostics.length;
  const check = analyzeApkbuild(fixed, { carch: flags.carch, environment: ORDINARY_BUILD });
  if (check.syntaxDiagnostics.length > before) {
    const first = check.syntaxDiagnostics[0];
    const at = check.lines.positionAt(first.start);
    io.error(
      `${path}: the fixed text would have a syntax error at ${at.line + 1}:${at.character + 1} ` +
        `(${first.message}); nothing done`,
    );
    return 1;
  }

  if (flags.diff) {
    io.write(unifiedDiff(diffLabel(path), model.text, fixed));
    return 0;
  }
  if (!flags.write) {
    io.write(fixed);
    return 0;
  }
  if (fixed === model.text) {
    io.error(`${path}: nothing to fix`);
    return 0;
  }
  try {
    writeAtomically(path, fixed);
  } catch (error) {
    io.error(`${path}: cannot write: ${(error as Error).message}`);
    return 2;
  }
  const count = fix.findings.length;
  const advice = analysis.findings.filter(isAdviceOnly).length;
  io.error(
    `${path}: applied ${count} verified fix${count === 1 ? '' : 'es'}` +
      (advice > 0 ? `; ${advice} advice only, left as written (see check)` : ''),
  );
  return 0;
}

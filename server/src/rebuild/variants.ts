import { basename, dirname } from 'node:path';
import { execa } from 'execa';
import { analyzeApkbuild } from '../apkbuild';
import { analyzeHardening, applyEdits, fixAll, type Profile } from '../hardening';
import { readInputFile } from '../input-file';

/** As the CLI's own APKBUILD: a larger file is no APKBUILD. */
const MAX_ORIGINAL_BYTES = 64 * 1024 * 1024;

export type VariantName = 'original' | 'hardened';

export const VARIANT_NAMES: readonly VariantName[] = ['original', 'hardened'];

/** The APKBUILD text one variant is built from, and where that text came from. */
export interface VariantText {
  name: VariantName;
  text: string;
  /** Said in the log and the provenance: `git HEAD`, `--original FILE`, `fixes applied`, ... */
  from: string;
}

export interface VariantInput {
  /** The user's APKBUILD; only ever read. */
  file: string;
  /** Its current text (the editor's buffer, or the file as read). */
  text: string;
  /** The original as the client kept it (the text when the editor opened the file). */
  originalText?: string;
  /** A file holding the original (`--original PATH`). */
  originalPath?: string;
  profile: Profile;
  carch: string;
}

/**
 * The file as committed at git HEAD, or null when its folder is no git work tree or HEAD has no
 * such file. `HEAD:./NAME` is resolved against the `-C` folder, so no repository-relative path
 * has to be worked out; the name is one argument, never shell text.
 */
export async function gitHeadText(file: string): Promise<string | null> {
  const result = await execa('git', ['-C', dirname(file), 'show', `HEAD:./${basename(file)}`], {
    reject: false,
    stdin: 'ignore',
    stripFinalNewline: false,
    maxBuffer: 64 * 1024 * 1024,
  });
  return result.failed ? null : String(result.stdout);
}

/** The current text with every hardening fix of the profile applied (`apkharden fix`). */
export function withAllFixes(text: string, profile: Profile, carch: string): string {
  const model = analyzeApkbuild(text, { carch });
  return applyEdits(text, fixAll(model, analyzeHardening(model, profile)).edits);
}

async function originalOf(input: VariantInput): Promise<VariantText> {
  if (input.originalText !== undefined)
    return { name: 'original', text: input.originalText, from: 'the text when it was opened' };
  if (input.originalPath !== undefined) {
    // Only a regular file: a FIFO given as --original would block the rebuild forever.
    const read = readInputFile(input.originalPath, {
      what: 'an APKBUILD',
      maxBytes: MAX_ORIGINAL_BYTES,
    });
    if (!read.ok) {
      // The message starts with the path: keep it first, then say which input it was.
      const why = read.message.slice(input.originalPath.length + 2);
      throw new Error(`${input.originalPath}: cannot read the original: ${why}`);
    }
    return { name: 'original', text: read.bytes.toString('utf8'), from: input.originalPath };
  }
  const head = await gitHeadText(input.file);
  if (head !== null) return { name: 'original', text: head, from: 'git HEAD' };
  return { name: 'original', text: input.text, from: 'the file as it is' };
}

/**
 * Both variants. The hardened one is the current text; when that equals the original (a file
 * nobody fixed yet, e.g. the CLI on a clean checkout), it is the current text with every
 * hardening fix of the profile applied, so `apkharden rebuild` alone runs the whole loop.
 */
export async function resolveVariants(
  input: VariantInput,
): Promise<Record<VariantName, VariantText>> {
  const original = await originalOf(input);
  const hardened: VariantText =
    input.text !== original.text
      ? { name: 'hardened', text: input.text, from: 'the current text' }
      : {
          name: 'hardened',
          text: withAllFixes(input.text, input.profile, input.carch),
          from: `the current text with every fix of profile ${input.profile.source} applied`,
        };
  return { original, hardened };
}

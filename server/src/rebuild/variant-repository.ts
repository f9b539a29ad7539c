/**
 * A rebuild's output as an apk repository: DIR/<variant>/<arch>/ holds the .apk files and an
 * APKINDEX.tar.gz signed with the user's key or a throwaway one, and OUTDIR/keys/ the public
 * key, so `apk add --keys-dir OUTDIR/keys --repository OUTDIR/<variant> NAME` installs from it
 * (apk looks for REPOSITORY/<arch>/APKINDEX.tar.gz).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signIndex, type SigningKey } from './index-signing';
import { indexArchive, indexRecord, indexText, type IndexRecord } from './repository-index';

export const INDEX_FILE = 'APKINDEX.tar.gz';
export const KEYS_FOLDER = 'keys';
const THROWAWAY = /^apkharden-throwaway-[0-9a-f]+\.rsa\.pub$/;

/** Moves the .apk files the build copied into `variantDir` to `variantDir/<arch>/`. */
export function movePackagesIntoArch(variantDir: string, arch: string): void {
  const archDir = join(variantDir, arch);
  mkdirSync(archDir, { recursive: true });
  for (const entry of readdirSync(variantDir, { withFileTypes: true }))
    if (entry.isFile() && entry.name.endsWith('.apk'))
      renameSync(join(variantDir, entry.name), join(archDir, entry.name));
}

/**
 * Writes `archDir/APKINDEX.tar.gz` for the .apk files in it, signed with `key`; noarch
 * packages are indexed under `arch` (abuild's `apk index --rewrite-arch`). Throws with the
 * file's name when a package cannot be read.
 */
export async function writeRepositoryIndex(
  archDir: string,
  arch: string,
  key: SigningKey,
  description: string,
): Promise<string> {
  const records: IndexRecord[] = [];
  const names = readdirSync(archDir).filter((name) => name.endsWith('.apk'));
  for (const name of names.sort()) {
    const path = join(archDir, name);
    const read = indexRecord(readFileSync(path), path, arch);
    if (!read.ok) throw new Error(`cannot index the repository: ${read.message}`);
    records.push(read.record);
  }
  const unsigned = await indexArchive(indexText(records), description, new Date());
  const path = join(archDir, INDEX_FILE);
  writeFileSync(path, await signIndex(unsigned, key));
  return path;
}

/** Writes the public key where `apk --keys-dir OUTDIR/keys` finds it; returns its path. */
export function writePublicKey(outDir: string, key: SigningKey): string {
  const dir = join(outDir, KEYS_FOLDER);
  mkdirSync(dir, { recursive: true });
  // An earlier rebuild's throwaway key signs nothing that is left: only this one is kept.
  for (const name of readdirSync(dir))
    if (THROWAWAY.test(name) && name !== key.name) rmSync(join(dir, name), { force: true });
  const path = join(dir, key.name);
  writeFileSync(path, key.publicPem);
  return path;
}

/** What the output says about the key, plainly: a throwaway key is trusted by no one. */
export function keyNotice(outDir: string, key: SigningKey): string {
  const keys = join(outDir, KEYS_FOLDER);
  return key.throwaway
    ? `==> the repositories are signed with a throwaway key made for this rebuild (${key.name}); ` +
        `no system trusts it: install with apk add --keys-dir ${keys} --repository ${join(outDir, '<variant>')} NAME, ` +
        'or give --sign-key (apkbuild.signKey) to sign with your own key'
    : `==> the repositories are signed with ${key.name}; its public key is in ${keys}`;
}

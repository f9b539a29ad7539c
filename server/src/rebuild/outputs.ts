import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from './provenance';

/** Files a rebuild writes into DIR/<variant>/; only these are cleared before the next one. */
export const VARIANT_OUTPUTS = [
  'APKBUILD',
  'build.log',
  'provenance.intoto.json',
  'sbom.cdx.json',
] as const;

/**
 * DIR/<variant>/build-key/: the public key the build container signed the packages with
 * (abuild-keygen's, made in the container), so the host can check what it brought out.
 */
export const BUILD_KEY_FOLDER = 'build-key';

/** The build log of one variant: every line the user saw, phases included. */
export class BuildLog {
  private readonly fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(line: string): void {
    writeSync(this.fd, line + '\n');
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Removes the packages and outputs of an earlier rebuild, so none is mistaken for this one's:
 * in `dir` and in its repository folder `dir/<arch>` (packages and APKINDEX.tar.gz). Anything
 * else in the folder (it may be a `--out` the user chose) is left alone.
 */
export function clearVariantOutputs(dir: string, arch: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const ours =
      (VARIANT_OUTPUTS as readonly string[]).includes(entry.name) || entry.name.endsWith('.apk');
    if (ours && entry.isFile()) rmSync(join(dir, entry.name), { force: true });
  }
  rmSync(join(dir, BUILD_KEY_FOLDER), { recursive: true, force: true });
  const archDir = join(dir, arch);
  if (!existsSync(archDir)) return;
  for (const entry of readdirSync(archDir, { withFileTypes: true })) {
    const ours = entry.name.endsWith('.apk') || entry.name === 'APKINDEX.tar.gz';
    if (ours && entry.isFile()) rmSync(join(archDir, entry.name), { force: true });
  }
}

/** The .apk files a build copied out, with their sha256 for the provenance's subjects. */
export function collectPackages(dir: string): { name: string; sha256: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.apk'))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sha256: sha256Hex(readFileSync(join(dir, name))) }));
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

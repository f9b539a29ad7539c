import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSide } from './compare-side';
import { packageSbom } from './package-sbom';

export const SBOM_FILE = 'sbom.cdx.json';

/** `alpine:3.24` -> `alpine-3.24`, the purl distro qualifier; null for any other image. */
export function distroOfImage(image: string): string | null {
  const match = /^(?:[\w.-]+\/)*alpine:(\d+\.\d+)(?:[.\w-]*)$/.exec(image);
  return match ? `alpine-${match[1]}` : null;
}

/**
 * Writes the CycloneDX SBOM of the packages a variant built into its folder; returns why it
 * could not (a package the reader refuses), or null when it was written.
 */
export async function writeVariantSbom(dir: string, image: string): Promise<string | null> {
  const side = await loadSide(dir);
  if ('error' in side) return side.error;
  writeFileSync(join(dir, SBOM_FILE), packageSbom(side, { distro: distroOfImage(image) }));
  return null;
}

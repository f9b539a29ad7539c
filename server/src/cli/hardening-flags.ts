import { existsSync, statSync } from 'node:fs';
import { HardeningSources } from '../hardening-sources';
import type { CliIo } from './io';
import { loadAportsTree, readPackageSources } from './resolve-sources';

/** `--index`, `--sbom` and `--aports` of check and fix: what tells which makedepends bring which. */
export interface SourceFlags {
  index: string[];
  /** SBOM files (CycloneDX, SPDX, bomresolver, an installed db): packages like an index's. */
  sbom: string[];
  aports: string | undefined;
  carch: string;
}

/**
 * Reads the APKINDEX files and the aports tree of `--aports`. Unlike resolve, check and fix do
 * not index the tree a file sits in unless asked: they run on every file of a CI job, and a
 * makedepend's own depends_dev are only needed to tell what it brings. An error message names
 * the input that cannot be read.
 */
export async function loadHardeningSources(
  flags: SourceFlags,
  io: CliIo,
): Promise<HardeningSources | { error: string }> {
  if (
    flags.aports !== undefined &&
    !statSync(flags.aports, { throwIfNoEntry: false })?.isDirectory()
  )
    return {
      error: `${flags.aports}: cannot read: ${existsSync(flags.aports) ? 'not a folder' : 'no such folder'}`,
    };
  const packages = readPackageSources({ index: flags.index, sbom: flags.sbom }, io);
  if (packages !== null && 'error' in packages) return { error: packages.error };
  const tree =
    flags.aports === undefined ? null : await loadAportsTree(flags.aports, flags.carch, io);
  return new HardeningSources(packages?.index ?? null, tree);
}

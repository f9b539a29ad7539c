import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SbomComponent, SbomDocument } from '../../server/src/sbom/formats/model';
import { readSbomFile, type SbomRead } from '../../server/src/sbom/formats/read-sbom';
import { sharedRoot } from './paths';

/** Real SBOMs of other tools, beside the repository (never copied into it). */
export const samplesRoot = join(sharedRoot, 'sbom-samples');

export type SampleDir = 'syft' | 'trivy' | 'bomres';

export function samplePath(dir: SampleDir, name: string): string {
  return join(samplesRoot, dir, name);
}

export function sampleText(dir: SampleDir, name: string): string {
  return readFileSync(samplePath(dir, name), 'utf8');
}

/** Every sample file, as `dir/name`. */
export function sampleFiles(): string[] {
  return (['syft', 'trivy', 'bomres'] as const).flatMap((dir) =>
    readdirSync(join(samplesRoot, dir))
      .sort()
      .map((name) => `${dir}/${name}`),
  );
}

/** The component of that name (and version, when given); fails the test when there is none. */
export function component(document: SbomDocument, name: string, version?: string): SbomComponent {
  const found = document.components.find(
    (c) => c.name === name && (version === undefined || c.version === version),
  );
  if (found === undefined) throw new Error(`no component ${name} ${version ?? ''}`);
  return found;
}

/** The edges as `consumer -> provider provider` lines by component name, sorted. */
export function edgesByName(document: SbomDocument): string[] {
  const names = new Map(document.components.map((c) => [c.ref, c.name]));
  return [...document.dependsOn]
    .map(([from, to]) => `${names.get(from)} -> ${to.map((t) => names.get(t)).join(' ')}`)
    .sort();
}

/** The sample read by readSbomFile; throws (failing the test) when it cannot be read at all. */
export function readSample(dir: SampleDir, name: string): SbomRead {
  const result = readSbomFile(samplePath(dir, name));
  if ('error' in result) throw new Error(result.error);
  return result;
}

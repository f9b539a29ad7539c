/**
 * What a rebuild records beside a variant's packages: the provenance statement (its subjects
 * with their signature verdicts) and, for the hardened variant, its SBOM.
 */
import { basename, join } from 'node:path';
import type { ApkbuildModel } from '../apkbuild';
import { loadKeyring } from '../signature/keyring';
import { BUILD_KEY_FOLDER, collectPackages, writeJson } from './outputs';
import { provenanceStatement, withSignatures } from './provenance';
import type { RebuildRequest } from './rebuild';
import type { VariantText } from './variants';
import { SBOM_FILE, writeVariantSbom } from './variant-sbom';

/** Writes the provenance (and, for the hardened variant, the SBOM) beside the packages. */
export async function describePackages(
  request: RebuildRequest,
  variant: VariantText,
  model: ApkbuildModel,
  dir: string,
  startedOn: Date,
  say: (line: string) => void,
): Promise<string[]> {
  const archDir = join(dir, request.carch);
  const built = collectPackages(archDir);
  if (built.length === 0) return [];
  // Checked against the key the build signed with (the container copies its public half out).
  const buildKey = loadKeyring(join(dir, BUILD_KEY_FOLDER));
  const packages = buildKey.ok ? await withSignatures(archDir, built, buildKey.keyring) : built;
  writeJson(
    join(dir, 'provenance.intoto.json'),
    provenanceStatement({
      variant: variant.name,
      apkbuildPath: request.file,
      apkbuildFrom: variant.from,
      model,
      profile: request.profile,
      engine: request.engine,
      image: request.image,
      packages,
      startedOn,
      finishedOn: new Date(),
      invocationId: `${basename(dir)}-${startedOn.getTime()}`,
    }),
  );
  if (variant.name === 'hardened') {
    const problem = await writeVariantSbom(dir, request.image.name);
    say(
      problem === null ? `==> [hardened] SBOM: ${SBOM_FILE}` : `==> [hardened] no SBOM: ${problem}`,
    );
  }
  return packages.map((p) => p.name);
}

// The seed's resolve process on the real v3.19 index (about 5,000 packages): reading the
// index, the passes of lighttpd (each round a full install closure), the prediction of the
// hardened text, writing CycloneDX and SPDX, and reading the CycloneDX back as packages.
// Figures only; a command palette export should stay well under 100 ms once the index is read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEntry } from '../server/src/aports';
import { indexPackages, readApkIndex } from '../server/src/sbom';
import { writeCycloneDx } from '../server/src/sbom/formats/cyclonedx-writer';
import { readSbomText } from '../server/src/sbom/formats/read-sbom';
import { packagesFromSbom } from '../server/src/sbom/formats/sbom-packages';
import { writeSpdx } from '../server/src/sbom/formats/spdx-writer';
import { resolutionDocument } from '../server/src/sbom/resolved-document';
import { resolvePackage } from '../server/src/sbom/resolve-package';
import { lighttpdExample, sharedRoot } from '../test/helpers/paths';
import { hardenedExample } from '../test/helpers/run-cli';
import { median, peakRssMb, row, timed } from './figures';

const RUNS = 20;
const file = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');
const bytes = readFileSync(file);
const location = { repo: 'main', folder: 'lighttpd', startdir: '/aports/main/lighttpd' };
const original = readEntry(readFileSync(lighttpdExample, 'utf8'), location);
const hardened = readEntry(hardenedExample(), location);

const medianOf = <T>(run: () => T): { ms: number; result: T } => {
  const times: number[] = [];
  let result = run();
  for (let i = 0; i < RUNS; i++) {
    const t = timed(run);
    times.push(t.ms);
    result = t.result;
  }
  return { ms: median(times), result };
};

console.log('resolve (lighttpd on the v3.19.0 main index)');
const read = medianOf(() => indexPackages(readApkIndex(bytes, file).packages));
const index = read.result;
row('read and index the APKINDEX', `${read.ms.toFixed(1)} ms (${index.packages.length} packages)`);
const request = { index, tree: null, reference: 'alpine-base' };
const seed = medianOf(() => resolvePackage({ ...request, entry: original }));
row(
  'the seed process: closure, map, passes',
  `${seed.ms.toFixed(1)} ms (${seed.result.runtime?.passes.length} passes)`,
);
const predicted = medianOf(() => resolvePackage({ ...request, entry: hardened }));
row(
  'the hardened text, predicted',
  `${predicted.ms.toFixed(1)} ms (${predicted.result.closure?.packages.length} packages)`,
);
const document = resolutionDocument(seed.result, 'alpine-3.19');
const cyclonedx = medianOf(() => writeCycloneDx(document, { toolName: 'apkharden' }));
row('write CycloneDX 1.6', `${cyclonedx.ms.toFixed(1)} ms (${cyclonedx.result.length} bytes)`);
const spdx = medianOf(() => writeSpdx(document, { toolName: 'apkharden' }));
row('write SPDX 2.3', `${spdx.ms.toFixed(1)} ms (${spdx.result.length} bytes)`);
const back = medianOf(
  () => packagesFromSbom(readSbomText(cyclonedx.result, 'bom').document, 'bom').packages,
);
row('read the CycloneDX back as packages', `${back.ms.toFixed(1)} ms (${back.result.length})`);
row('peak RSS', peakRssMb());

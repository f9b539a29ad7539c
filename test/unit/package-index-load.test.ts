// Reading the package inputs with progress (server/src/package-index-cache.ts): one reading
// and one progress for callers that ask at once, a percentage per file, and the same index as
// the synchronous read of the same inputs.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  inputLabel,
  PackageIndexCache,
  type LoadProgress,
} from '../../server/src/package-index-cache';
import { sharedRoot } from '../helpers/paths';
import { samplePath } from '../helpers/sbom-samples';

const apkindex = join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz');
const sbom = samplePath('syft', 'examples_decode_sbom_alpine.syft.json');

function recorder(): { events: string[]; progress: LoadProgress } {
  const events: string[] = [];
  return {
    events,
    progress: {
      begin: (title, message, percentage) => {
        events.push(`begin ${title} ${message} ${percentage}`);
        return Promise.resolve();
      },
      report: (message, percentage) => events.push(`report ${message} ${percentage}`),
      done: () => events.push('done'),
    },
  };
}

describe('reading the package inputs with progress', () => {
  it('names an APKINDEX by its folder and an SBOM by its file', () => {
    expect(inputLabel(apkindex, 'index')).toBe('APKINDEX v3.19.0-main-x86_64');
    expect(inputLabel('/x/main.idx', 'index')).toBe('APKINDEX main.idx');
    expect(inputLabel(sbom, 'sbom')).toBe('SBOM examples_decode_sbom_alpine.syft.json');
  });

  it('reads once for callers that ask at once, with a percentage per file', async () => {
    const cache = new PackageIndexCache();
    const inputs = { index: [apkindex], sbom: [sbom] };
    const { events, progress } = recorder();
    expect(cache.isLoaded(inputs)).toBe(false);
    await Promise.all([cache.load(inputs, progress), cache.load(inputs, progress)]);
    expect(events).toEqual([
      `begin Reading 2 package inputs ${apkindex} 0`,
      `report ${sbom} 50`,
      'done',
    ]);
    expect(cache.isLoaded(inputs)).toBe(true);
    const loaded = cache.get(inputs)!;
    // The same packages as one synchronous read of both.
    const once = new PackageIndexCache().get(inputs)!;
    expect(loaded.index.packages.length).toBe(once.index.packages.length);
    expect(loaded.index.byName.has('openldap')).toBe(true);
    expect(loaded.distro).toBe(once.distro);
    await cache.load(inputs, progress);
    expect(events).toHaveLength(3);
  });
});

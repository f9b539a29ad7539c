// SBOM input that is too much: too large a file, nesting that exhausts the readers' stack,
// more components than the limit, an APKINDEX bomb given as --sbom. Each is an error naming the
// file and the limit, and none throws.
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SBOM_LIMITS,
  readSbomFile,
  readSbomText,
} from '../../server/src/sbom/formats/read-sbom';
import { readPackageInputs } from '../../server/src/sbom/package-inputs';
import { gzipBomb } from '../helpers/archives';
import { scratchDir } from '../helpers/scratch';

const dir = scratchDir('sbom-limits-');
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** CycloneDX whose components nest `depth` deep, each the only child of the one before. */
function nestedCycloneDx(depth: number): string {
  const open = '{"type":"library","name":"n","version":"1","components":[';
  return (
    '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[' +
    open.repeat(depth) +
    ']}'.repeat(depth) +
    ']}'
  );
}

function flatCycloneDx(count: number): string {
  const components = Array.from(
    { length: count },
    (_, i) =>
      `{"type":"library","name":"c${i}","version":"1.0-r0","purl":"pkg:apk/alpine/c${i}@1.0-r0"}`,
  );
  return `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[${components.join(',')}]}`;
}

describe('SBOM limits', () => {
  it('refuses a file larger than the limit before reading it', () => {
    // Sparse: 200 MiB that take no disk and are never read.
    const path = file('huge.json', '');
    truncateSync(path, 200 * 1024 * 1024);
    expect(readSbomFile(path)).toEqual({
      error: `${path}: too large for an SBOM file (209715200 bytes; the limit is ${DEFAULT_SBOM_LIMITS.maxBytes})`,
    });
  });

  it('reports components nested past what the readers can walk, naming the file', () => {
    const path = file('deep.json', nestedCycloneDx(100_000));
    const read = readSbomFile(path);
    expect(read).toEqual({
      error: `${path}: cannot be read: nested too deeply or too large (Maximum call stack size exceeded)`,
    });
    // Nesting as real documents have it still reads.
    const shallow = readSbomText(nestedCycloneDx(50), 'shallow.json');
    expect(shallow.format).toBe('cyclonedx-json');
    expect(shallow.document.components).toHaveLength(50);
  });

  it('reads arrays nested 1,000,000 deep without a crash (JSON.parse does not recurse)', () => {
    const deep = `{"bomFormat":"CycloneDX","specVersion":"1.6","x":${'['.repeat(1e6)}${']'.repeat(1e6)}}`;
    const read = readSbomText(deep, 'arrays.json');
    expect(read.format).toBe('cyclonedx-json');
    expect(read.document.components).toEqual([]);
  });

  it('refuses more components than the limit', () => {
    const limits = { ...DEFAULT_SBOM_LIMITS, maxComponents: 100 };
    const path = file('many.json', flatCycloneDx(101));
    expect(readSbomFile(path, limits)).toEqual({
      error: `${path}: holds 101 components, more than 100 (the limit); not read`,
    });
    const hundred = readSbomFile(file('hundred.json', flatCycloneDx(100)), limits);
    expect('error' in hundred ? hundred.error : hundred.document.components.length).toBe(100);
  });

  it('refuses an APKINDEX bomb given as an SBOM, and malformed JSON, naming the file', () => {
    const bomb = file('bomb.tar.gz', gzipBomb(130));
    expect(readSbomFile(bomb)).toEqual({
      error: `${bomb}: gzip data inflates to more than 134217728 bytes (the limit); not read`,
    });
    const broken = file('broken.json', '{"bomFormat": "CycloneDX", "components": [{"name": "a",');
    const read = readPackageInputs({ index: [], sbom: [broken] });
    // The rest is V8's own wording of the JSON error.
    expect('error' in read && read.error).toContain(
      `${broken}: no Alpine package in this cyclonedx-json SBOM (${broken}: line 1, column 56: not JSON: `,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { readApkBytes } from '../../server/src/rebuild/apk-file';
import { capRepeated, messageSummary, problemKind } from '../../server/src/repeated-problems';
import { readApkIndex } from '../../server/src/sbom';
import { formatProblem } from '../../server/src/sbom/formats/model';
import { readSbomText } from '../../server/src/sbom/formats/read-sbom';
import { packagesFromSbom } from '../../server/src/sbom/formats/sbom-packages';
import { apkBytes } from '../helpers/apk-writer';

/** Problems that repeat per entry or record: the first five shown, the rest counted. */
describe('repeated warnings', () => {
  it('summarises 99,000 entries escaping the package root, and each other kind apart', async () => {
    const escaping = Array.from({ length: 99_000 }, (_, n) => ({ name: `../x/${n}`, data: '' }));
    const absolute = Array.from({ length: 7 }, (_, n) => ({ name: `/etc/${n}`, data: '' }));
    const bytes = await apkBytes({
      pkginfo: { pkgname: 'bomb', pkgver: '1-r0' },
      files: [...escaping, { name: 'usr/bin/ok', data: 'ok' }, ...absolute],
    });
    const read = await readApkBytes(bytes, 'bomb-1-r0.apk');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.apk.files).toEqual(['usr/bin/ok']);
    expect(read.apk.warnings).toEqual([
      "bomb-1-r0.apk: entry '../x/0' escapes the package root; left out",
      "bomb-1-r0.apk: entry '../x/1' escapes the package root; left out",
      "bomb-1-r0.apk: entry '../x/2' escapes the package root; left out",
      "bomb-1-r0.apk: entry '../x/3' escapes the package root; left out",
      "bomb-1-r0.apk: entry '../x/4' escapes the package root; left out",
      'bomb-1-r0.apk: ... and 98,995 more entries with the same problem',
      "bomb-1-r0.apk: entry '/etc/0' is absolute; left out",
      "bomb-1-r0.apk: entry '/etc/1' is absolute; left out",
      "bomb-1-r0.apk: entry '/etc/2' is absolute; left out",
      "bomb-1-r0.apk: entry '/etc/3' is absolute; left out",
      "bomb-1-r0.apk: entry '/etc/4' is absolute; left out",
      'bomb-1-r0.apk: ... and 2 more entries with the same problem',
    ]);
  });

  it('summarises APKINDEX records with the same problem, whatever their names and lines', () => {
    const records = Array.from({ length: 40 }, (_, n) => `P:pkg${n}\nA:x86_64\n`);
    const text = `${records.join('\n')}\nP:good\nV:1.0-r0\n`;
    const read = readApkIndex(Buffer.from(text), 'APKINDEX');
    expect(read.packages.map((p) => p.name)).toEqual(['good']);
    expect(read.problems.map((p) => p.message)).toEqual([
      'APKINDEX: record 1 (P:pkg0): has no V: line (line 1); skipped',
      'APKINDEX: record 2 (P:pkg1): has no V: line (line 4); skipped',
      'APKINDEX: record 3 (P:pkg2): has no V: line (line 7); skipped',
      'APKINDEX: record 4 (P:pkg3): has no V: line (line 10); skipped',
      'APKINDEX: record 5 (P:pkg4): has no V: line (line 13); skipped',
      'APKINDEX: ... and 35 more records with the same problem',
    ]);
  });

  it('summarises SBOM component problems, at the reader and where packages are made', () => {
    const components = Array.from({ length: 12 }, (_, n) => ({
      type: 'library',
      'bom-ref': `c${n}`,
      name: `lib${String.fromCharCode(97 + n)}`,
      purl: `pkg:apk/alpine/lib${String.fromCharCode(97 + n)}?arch=x86_64`,
    }));
    const unnamed = Array.from({ length: 8 }, (_, n) => ({ type: 'library', 'bom-ref': `u${n}` }));
    const bom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [...components, ...unnamed],
    };
    const read = readSbomText(JSON.stringify(bom), 'bom.json');
    expect(read.problems.map(formatProblem)).toEqual([
      ...[12, 13, 14, 15, 16].map(
        (i) => `bom.json: components[${i}].name: component has no name; skipped`,
      ),
      'bom.json: ... and 3 more with the same problem',
    ]);
    // No version: every apk component is skipped when packages are made from the document.
    const packages = packagesFromSbom(read.document, 'bom.json');
    expect(packages.packages).toEqual([]);
    expect(packages.problems.map(formatProblem)).toEqual([
      ...'abcde'
        .split('')
        .map((c, i) => `bom.json: component ${i + 1} (lib${c}): lib${c} has no version; skipped`),
      'bom.json: ... and 7 more with the same problem',
    ]);
  });

  it('keeps the count lines of an installed db apart when the SBOM reader caps again', () => {
    const noVersion = Array.from({ length: 7 }, (_, n) => `P:a${n}\nA:x86_64\n`);
    const noName = Array.from({ length: 7 }, (_, n) => `V:${n}.0\nA:x86_64\n`);
    const read = readSbomText([...noVersion, ...noName].join('\n'), 'installed');
    expect(read.format).toBe('apk-installed-db');
    expect(read.problems.map(formatProblem)).toEqual([
      ...[0, 1, 2, 3, 4].map(
        (n) => `installed: record ${n + 1} (P:a${n}): has no V: line (line ${3 * n + 1}); skipped`,
      ),
      'installed: ... and 2 more records with the same problem',
      ...[7, 8, 9, 10, 11].map(
        (n) => `installed: record ${n + 1}: has no P: line (line ${3 * n + 1}); skipped`,
      ),
      'installed: ... and 2 more records with the same problem',
    ]);
  });

  it('keeps problems of different kinds apart and in the order found', () => {
    const messages = [
      ...Array.from({ length: 7 }, (_, n) => `f: not a valid dependency: 'a${n}>'`),
      'f: .PKGINFO has no valid size',
      ...Array.from({ length: 6 }, (_, n) => `f: not a valid dependency: 'b${n}<'`),
    ];
    expect(capRepeated(messages, messageSummary('tokens', 'f'))).toEqual([
      ...messages.slice(0, 5),
      'f: ... and 8 more tokens with the same problem',
      'f: .PKGINFO has no valid size',
    ]);
    expect(capRepeated(messages.slice(0, 5), messageSummary('tokens', 'f'))).toEqual(
      messages.slice(0, 5),
    );
    // Count lines of an earlier cap are never counted as repeats of each other.
    const counts = [6, 7, 8, 9, 10, 11].map(
      (n) => `f: ... and ${n} more records with the same problem`,
    );
    expect(capRepeated(counts, messageSummary('records', 'f'))).toEqual(counts);
  });

  it('stops at 100 lines in all when every problem is of its own kind', () => {
    const messages = Array.from({ length: 150 }, (_, n) => `f: problem ${'x'.repeat(n)}`);
    const capped = capRepeated(messages, messageSummary('lines', 'f'));
    expect(capped).toEqual([
      ...messages.slice(0, 100),
      'f: ... and 50 more problems of other kinds',
    ]);
  });

  it('judges the kind by the message with what names the record blanked', () => {
    expect(problemKind("x.apk: entry '../x/1' escapes the package root")).toBe(
      problemKind("x.apk: entry '../y/22' escapes the package root"),
    );
    expect(problemKind('busybox has no version', 'component 3 (busybox)')).toBe(
      problemKind('zlib has no version', 'component 14 (zlib)'),
    );
    expect(problemKind('expected a string', 'components[3].name')).toBe(
      problemKind('expected a string', 'packages.zlib.name'),
    );
    expect(problemKind('component has no name', 'components[3].name')).not.toBe(
      problemKind('component has no version', 'components[3].version'),
    );
  });
});

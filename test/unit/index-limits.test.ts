// APKINDEX input that is too much, or not an index at all: each is refused with a message that
// names the file and the limit (or says what the file holds), at a cost bounded by the limit.
// Limits are lowered where the API takes them, so the bombs stay small; one is real-size.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INDEX_LIMITS, readApkIndex, type IndexLimits } from '../../server/src/sbom';
import { readPackageInputs } from '../../server/src/sbom/package-inputs';
import { gzipBomb, ustar } from '../helpers/archives';
import { scratchDir } from '../helpers/scratch';

const MiB = 1024 * 1024;
const small: IndexLimits = {
  maxInflatedBytes: MiB,
  maxTarEntries: 10,
  maxRecords: 10,
  maxLineLength: 1000,
  maxTokens: 500,
  maxProblems: 100,
};

const record = (name: string, extra = ''): string => `P:${name}\nV:1.0-r0\n${extra}\n`;
const index = (text: string): Buffer => gzipSync(ustar({ APKINDEX: text }));

describe('limits of an APKINDEX', () => {
  it('refuses gzip data that inflates past the limit, at the limit', () => {
    const read = readApkIndex(gzipBomb(8), 'bomb.tar.gz', small);
    const message = `bomb.tar.gz: gzip data inflates to more than ${MiB} bytes (the limit); not read`;
    expect(read).toEqual({
      packages: [],
      problems: [{ source: 'bomb.tar.gz', message }],
      refused: message,
    });
  });

  it('refuses a real-size bomb at the default limit (128 MiB)', () => {
    const read = readApkIndex(gzipBomb(130), 'big.tar.gz');
    expect(read.refused).toBe(
      `big.tar.gz: gzip data inflates to more than ${128 * MiB} bytes (the limit); not read`,
    );
  });

  it('refuses a tar of more entries than the limit', () => {
    const files = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, 'x']));
    const read = readApkIndex(gzipSync(ustar({ ...files, APKINDEX: record('a') })), 'many', small);
    const message = 'many: more than 10 tar entries (the limit); not read';
    expect(read).toEqual({
      packages: [],
      problems: [{ source: 'many', message }],
      refused: message,
    });
  });

  it('refuses more records than the limit, and reads as many', () => {
    const ten = Array.from({ length: 10 }, (_, i) => record(`p${i}`)).join('\n');
    expect(readApkIndex(index(ten), 'ten', small).packages).toHaveLength(10);
    const read = readApkIndex(index(`${ten}\n${record('p10')}`), 'eleven', small);
    expect(read.refused).toBe('eleven: more than 10 records (the limit); not read');
    expect(read.packages).toEqual([]);
  });

  it('refuses more D:, p: and i: tokens than the limit', () => {
    const many = `D:${Array.from({ length: 300 }, (_, i) => `so:lib${i}.so.1`).join(' ')}\n`;
    const text = record('a', many) + '\n' + record('b', many);
    const read = readApkIndex(index(text), 'deps', { ...small, maxLineLength: 10_000 });
    expect(read.refused).toBe('deps: more than 500 D:, p: and i: tokens (the limit); not read');
  });

  it('skips a record with a line past the limit, naming the line, and keeps the others', () => {
    const text = `${record('a')}\nP:huge\nV:1\nT:${'x'.repeat(5000)}\n\n${record('b')}`;
    const read = readApkIndex(Buffer.from(text), 'APKINDEX', small);
    expect(read.packages.map((p) => p.name)).toEqual(['a', 'b']);
    expect(read.problems.map((p) => p.message)).toEqual([
      'APKINDEX: record 2 (P:huge): line 7 is 5002 characters long (the limit is 1000); skipped',
    ]);
  });

  it('reads a D: line of 200,000 tokens at the default limits (a spread of it overflowed the stack)', () => {
    const tokens = Array.from({ length: 200_000 }, (_, i) => i.toString(36));
    const line = `D:${tokens.join(' ')}`;
    expect(line.length).toBeLessThan(DEFAULT_INDEX_LIMITS.maxLineLength);
    const read = readApkIndex(Buffer.from(record('wide', `${line}\n`)), 'wide');
    expect(read.refused).toBeUndefined();
    expect(read.packages[0].depends).toHaveLength(200_000);
    expect(read.packages[0].depends.at(-1)?.name).toBe((199_999).toString(36));
  });

  it('lists problems up to the limit and counts the rest', () => {
    const junk = Array.from({ length: 2000 }, (_, i) => `junk ${i}`).join('\n');
    const read = readApkIndex(Buffer.from(`${record('a')}\n${junk}\n`), 'APKINDEX', small);
    expect(read.packages.map((p) => p.name)).toEqual(['a']);
    // 100 listed, the rest counted; of the listed ones, 5 shown and the others summarised.
    expect(read.problems.map((p) => p.message)).toEqual([
      ...[0, 1, 2, 3, 4].map(
        (i) => `APKINDEX: line ${i + 5} is not a 'X:value' field: 'junk ${i}'`,
      ),
      'APKINDEX: ... and 95 more records with the same problem',
      'APKINDEX: 1900 more problems not listed (the limit is 100)',
    ]);
  });

  it('has defaults far above the real indexes', () => {
    expect(DEFAULT_INDEX_LIMITS).toEqual({
      maxInflatedBytes: 128 * MiB,
      maxTarEntries: 10_000,
      maxRecords: 200_000,
      maxLineLength: MiB,
      maxTokens: 2_000_000,
      maxProblems: 1_000,
    });
  });
});

describe('an input that is no index is refused, saying what it holds', () => {
  const refused = (bytes: Buffer): string | undefined => readApkIndex(bytes, 'in').refused;

  it('gzip of text, an empty tar, an empty file, binary data', () => {
    expect(refused(gzipSync('lorem ipsum dolor\nsit amet\n'))).toBe(
      "in: not an APKINDEX: the gzip data holds text whose first line is not a 'X:value' field: 'lorem ipsum dolor'",
    );
    expect(refused(Buffer.alloc(1024))).toBe('in: not an APKINDEX: an empty tar');
    expect(refused(gzipSync(Buffer.alloc(1024)))).toBe(
      'in: not an APKINDEX: gzip data holding an empty tar',
    );
    expect(refused(Buffer.alloc(0))).toBe('in: not an APKINDEX: empty text');
    expect(refused(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]))).toBe(
      'in: not an APKINDEX: 7 bytes of binary data, not gzip, tar or APKINDEX text',
    );
    expect(refused(gzipSync(ustar({ APKINDEX: '\n\n' })))).toBe(
      "in: not an APKINDEX: the tar's APKINDEX entry holds empty text",
    );
  });

  it('an index whose every record is bad', () => {
    expect(refused(Buffer.from('P:a\nA:x86_64\n\nP:b\n'))).toBe(
      'in: no record could be read (record 1 (P:a): has no V: line (line 1); skipped)',
    );
  });

  it('reads gzipped APKINDEX text as an index', () => {
    const read = readApkIndex(gzipSync(record('a') + '\n' + record('b')), 'in.gz');
    expect(read.refused).toBeUndefined();
    expect(read.packages.map((p) => p.name)).toEqual(['a', 'b']);
  });
});

describe('readPackageInputs: an index that cannot be used is an error naming it', () => {
  const dir = scratchDir('index-limits-');
  const file = (name: string, bytes: Buffer): string => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };

  it('errors on a bomb and on an index without packages; lenient, they are problems', () => {
    const bomb = file('bomb.tar.gz', gzipBomb(4));
    const empty = file('empty.tar.gz', gzipSync(Buffer.alloc(1024)));
    const good = file('good', Buffer.from(record('a')));
    expect(readPackageInputs({ index: [good, bomb] }, { limits: small })).toEqual({
      error: `${bomb}: gzip data inflates to more than ${MiB} bytes (the limit); not read`,
    });
    expect(readPackageInputs({ index: [empty] })).toEqual({
      error: `${empty}: not an APKINDEX: gzip data holding an empty tar`,
    });
    const lenient = readPackageInputs(
      { index: [bomb, empty, good] },
      { lenient: true, limits: small },
    );
    if ('error' in lenient) throw new Error(lenient.error);
    expect(lenient.problems).toEqual([
      `${bomb}: gzip data inflates to more than ${MiB} bytes (the limit); not read`,
      `${empty}: not an APKINDEX: gzip data holding an empty tar`,
    ]);
    expect(lenient.sources.index.packages.map((p) => p.name)).toEqual(['a']);
  });

  it('refuses a file larger than the inflate limit before reading it', () => {
    const big = file('big', Buffer.alloc(MiB + 1, 0x41));
    expect(readPackageInputs({ index: [big] }, { limits: small })).toEqual({
      error: `${big}: too large for an APKINDEX (${MiB + 1} bytes; the limit is ${MiB})`,
    });
  });

  it('merges 300,000 packages of several indexes (a spread of them overflowed the stack)', () => {
    const text = Array.from({ length: 150_000 }, (_, i) => `P:p${i}\nV:1\n`).join('\n');
    const halves = [file('one', Buffer.from(text)), file('two', Buffer.from(text))];
    const read = readPackageInputs({ index: halves });
    if ('error' in read) throw new Error(read.error);
    expect(read.sources.index.packages).toHaveLength(300_000);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceIfUnchanged } from '../../server/src/atomic-write';
import { runFix, type FixFlags } from '../../server/src/cli/fix-command';
import { APKBUILD_LIMITS, type CliIo } from '../../server/src/cli/io';
import { bashAccepts } from '../helpers/bash-syntax';
import { cliBundle } from '../helpers/bundles';
import { lighttpdExample } from '../helpers/paths';
import { scratchDir } from '../helpers/scratch';

const example = readFileSync(lighttpdExample);

/** The CLI in `cwd`, its output as bytes: what `fix` prints must be the file's own bytes. */
function cli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cliBundle, ...args], { cwd });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

/** `bytes` as `<scratch>/pkg/APKBUILD`; returns the scratch folder and the file. */
function aport(bytes: Uint8Array): { root: string; file: string } {
  const root = scratchDir('fix-write-');
  mkdirSync(join(root, 'pkg'));
  writeFileSync(join(root, 'pkg/APKBUILD'), bytes);
  return { root, file: join(root, 'pkg/APKBUILD') };
}

/** `source` with `insert` put before the first `needle`. */
function withInsert(source: Buffer, needle: string, insert: string | Buffer): Buffer {
  const at = source.indexOf(needle);
  if (at < 0) throw new Error(`no ${needle}`);
  return Buffer.concat([source.subarray(0, at), Buffer.from(insert), source.subarray(at)]);
}

const FIX = ['fix', '--profile', 'kubernetes'];
/** The example fixed, as `fix` prints it: what the variants below must give around their extra bytes. */
const fixedExample = cli([...FIX, 'pkg'], aport(example).root).stdout;

const LATIN1 = Buffer.from('# Contributor: Jos\xe9 M\xfcller, \xa9 2024\n', 'latin1');
const NUL = Buffer.from(
  '# a NUL \0 byte, a broken \xe2\x82 sequence and \xf0\x9f\x98\x80\n',
  'latin1',
);

describe('fix --write keeps every byte outside its edits', () => {
  for (const [name, extra] of [
    ['a Latin-1 comment', LATIN1],
    ['a NUL byte and invalid UTF-8 in a comment', NUL],
  ] as const) {
    it(`keeps ${name} byte for byte`, () => {
      // Beside edited lines (the subpackages), and where no edit reaches (the secfixes).
      const input = withInsert(withInsert(example, 'subpackages=', extra), '# secfixes:', extra);
      const { root, file } = aport(input);
      const run = cli([...FIX, '--write', 'pkg'], root);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toBe('pkg/APKBUILD: applied 6 verified fixes\n');
      const expected = withInsert(
        withInsert(fixedExample, 'subpackages=', extra),
        '# secfixes:',
        extra,
      );
      expect(readFileSync(file).equals(expected)).toBe(true);
      expect(bashAccepts(input)).toBe(true);
      expect(bashAccepts(readFileSync(file))).toBe(true);
    });
  }

  it('prints the same bytes on stdout, and a diff that patch applies to the same file', () => {
    const input = withInsert(example, 'subpackages=', LATIN1);
    const { root, file } = aport(input);
    const printed = cli([...FIX, 'pkg'], root);
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stdout.equals(withInsert(fixedExample, 'subpackages=', LATIN1))).toBe(true);
    const diff = cli([...FIX, '--diff', 'pkg'], root);
    expect(diff.stdout.includes(LATIN1)).toBe(true); // the comment is context of the hunk
    const patch = spawnSync('patch', ['-p1'], { cwd: root, input: diff.stdout });
    if (patch.error) return; // patch is not installed
    expect(patch.status, patch.stderr.toString()).toBe(0);
    expect(readFileSync(file).equals(printed.stdout)).toBe(true);
  });
});

describe('fix refuses what it cannot do safely', () => {
  it('does not overwrite an edit saved between its read and its write', async () => {
    const { file } = aport(example);
    const userEdit = example.toString().replace('pkgrel=0', 'pkgrel=1');
    const errors: string[] = [];
    const io: CliIo = {
      print: () => {},
      write: () => {},
      error: (text) => errors.push(text),
      usage: () => 2,
    };
    const flags: FixFlags = {
      ...{ variant: 'disable', write: true, diff: false, profile: 'kubernetes' },
      ...{ carch: 'x86_64', index: [], sbom: [], aports: undefined },
    };
    // The user saves while the fix runs: after fix read the file, before it writes.
    const code = await runFix([file], flags, io, (snapshot, bytes) => {
      writeFileSync(file, userEdit);
      return replaceIfUnchanged(snapshot, bytes, APKBUILD_LIMITS);
    });
    expect(code).toBe(2);
    expect(errors).toEqual([
      `${file}: changed on disk since it was read; nothing written (run the fix again)`,
    ]);
    expect(readFileSync(file, 'utf8')).toBe(userEdit);
  });

  it('leaves a file with a syntax error as it is, saying why, exit 2', () => {
    const input = Buffer.concat([example, Buffer.from('_x="oops\n')]);
    const { root, file } = aport(input);
    for (const args of [['--write'], [], ['--diff']]) {
      const run = cli([...FIX, ...args, 'pkg'], root);
      expect(run.status).toBe(2);
      expect(run.stdout.length).toBe(0);
      expect(run.stderr).toBe(
        'pkg/APKBUILD:91:4: syntax: unterminated double quote\n' +
          'pkg/APKBUILD: nothing done: the file has a syntax error at 91:4 (unterminated double quote); fixes apply only to a file that parses\n',
      );
    }
    expect(readFileSync(file).equals(input)).toBe(true);
  });

  it('leaves a NUL byte before a function body alone, which bash reads and the parser does not', () => {
    // A fuzzer's input that fix once turned into a file bash refuses.
    const input = withInsert(example, '{\n\tDESTDIR', '\0');
    expect(bashAccepts(input)).toBe(true);
    const { root, file } = aport(input);
    const run = cli([...FIX, '--write', 'pkg'], root);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^pkg\/APKBUILD: nothing done: the file has a syntax error at /m);
    expect(readFileSync(file).equals(input)).toBe(true);
  });

  it('refuses a FIFO in place of the APKBUILD at once', () => {
    const root = scratchDir('fix-fifo-');
    mkdirSync(join(root, 'pkg'));
    spawnSync('mkfifo', [join(root, 'pkg/APKBUILD')]);
    const run = cli([...FIX, '--write', 'pkg'], root);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('pkg/APKBUILD: is a FIFO, not an APKBUILD\n');
  });
});

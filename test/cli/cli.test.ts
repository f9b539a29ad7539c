import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBundle } from '../helpers/bundles';
import {
  corpusFile,
  lighttpdExample,
  readOracle,
  repoRoot,
  type OracleRecord,
} from '../helpers/paths';
import { runCli, type CliResult } from '../helpers/run-cli';

/**
 * The variables corpus/oracle.jsonl records, in its own order (between `carch` and
 * `functions`; corpus/README.md): the keys `--values` must print.
 */
function oracleFields(record: OracleRecord): string[] {
  const keys = Object.keys(record);
  return keys.slice(keys.indexOf('carch') + 1, keys.indexOf('functions'));
}

const cli = (args: string[], cwd = repoRoot): CliResult => runCli(args, { cwd });

/** Runs the CLI and parses its stdout as JSON, failing with its stderr when it did not exit 0. */
function cliJson<T>(args: string[], cwd = repoRoot): T {
  const result = cli(args, cwd);
  expect(result.status, `apkharden ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout) as T;
}

type Values = Record<string, string | null | string[]>;

interface JsonPosition {
  offset: number;
  line: number;
  character: number;
}
interface JsonRange {
  start: JsonPosition;
  end: JsonPosition;
}
interface ModelJson {
  carch: string;
  values: Values;
  unknown: Record<string, string>;
  diagnostics: { message: string; range: JsonRange }[];
  assignments: { name: string; items: { text: string; range: JsonRange }[] | null }[];
  functions: { name: string; generated: boolean; range: JsonRange }[];
  invocations: {
    tool: string;
    function: string | null;
    arguments: { text: string; option: { prefix: string; name: string } | null }[];
  }[];
  tree: { kind: string };
}

let temp: string;
/** Writes `text` as `<temp>/<name>/APKBUILD` and returns that folder. */
function writeApkbuild(name: string, text: string): string {
  const dir = join(temp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'APKBUILD'), text);
  return dir;
}

beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'apkharden-cli-test-'));
}, 180_000);

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

describe('parse --values agrees with the bash oracle on a sample of the corpus', () => {
  // Every 400th file of the oracle sorted by path: 30 files over main, community and testing.
  const sample = readOracle()
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .filter((_, i) => i % 400 === 0);

  it('samples 30 files', () => {
    expect(sample).toHaveLength(30);
  });

  it.each(sample)('$path', (record: OracleRecord) => {
    const file = corpusFile(record.path);
    const run = cli(['parse', '--values', file]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr, 'a real APKBUILD has no syntax errors').toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const values = JSON.parse(lines[0]) as Values;
    const fields = oracleFields(record);
    expect(Object.keys(values)).toEqual([...fields, 'functions']);

    const model = cliJson<ModelJson>(['parse', '--json', file]);
    expect(model.values).toEqual(values);

    // The oracle sourced the file at /home/buildozer/aports/<repo>/<name>; the CLI takes the
    // folder the file is in as startdir, which only shows in values built from it (builddir).
    const oracleStartdir = (record.extra as { startdir: string }).startdir;
    const cliStartdir = dirname(resolve(file));
    const problems: string[] = [];
    for (const field of fields) {
      const got = values[field];
      const want = record[field] as string | null;
      if (typeof got === 'string') {
        const normalized = got.split(cliStartdir).join(oracleStartdir);
        if (normalized !== want)
          problems.push(`${field}: CLI ${JSON.stringify(got)}, bash ${JSON.stringify(want)}`);
      } else if (got !== null) {
        problems.push(`${field}: CLI printed ${JSON.stringify(got)}, not a string or null`);
      } else if (want !== null && !(field in model.unknown)) {
        problems.push(`${field}: CLI null and not listed as unknown, bash ${JSON.stringify(want)}`);
      }
    }
    for (const field of Object.keys(model.unknown))
      if (values[field] !== null) problems.push(`${field}: listed as unknown but has a value`);
    expect(problems).toEqual([]);
    expect(values.functions).toEqual(record.functions);
  });

  it('prints one line per file when given all of them at once', () => {
    const files = sample.map((r) => corpusFile(r.path));
    const run = cli(['parse', '--values', ...files]);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(files.length);
    lines.forEach((line, i) => {
      const record = sample[i];
      const values = JSON.parse(line) as Values;
      expect(values.pkgname, record.path).toBe(record.pkgname);
      expect(values.functions, record.path).toEqual(record.functions);
    });
  });
});

/** Zero-based line and UTF-16 character of an offset, computed independently of the server. */
function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Every `{ offset, line, character }` object anywhere inside `value`. */
function positionsIn(value: unknown, out: JsonPosition[] = []): JsonPosition[] {
  if (Array.isArray(value)) for (const v of value) positionsIn(v, out);
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.offset === 'number' && typeof record.line === 'number')
      out.push(record as unknown as JsonPosition);
    else for (const v of Object.values(record)) positionsIn(v, out);
  }
  return out;
}

describe('parse on examples/lighttpd/APKBUILD', () => {
  const text = readFileSync(lighttpdExample, 'utf8');

  it('--json gives the model with ranges, items, invocations, functions and the tree', () => {
    const model = cliJson<ModelJson>(['parse', '--json', 'examples/lighttpd/APKBUILD']);
    expect(model.carch).toBe('x86_64');
    expect(model.diagnostics).toEqual([]);

    const makedepends = model.assignments.find((a) => a.name === 'makedepends');
    expect(makedepends?.items?.map((item) => item.text)).toEqual([
      'brotli-dev',
      'libdbi-dev',
      'libxml2-dev',
      'lua5.4-dev',
      'meson',
      'openldap-dev',
      'openssl-dev',
      'pcre2-dev',
      'sqlite-dev',
      'zlib-dev',
      'zstd-dev',
    ]);
    for (const item of makedepends!.items!)
      expect(text.slice(item.range.start.offset, item.range.end.offset)).toBe(item.text);

    const [meson] = model.invocations;
    expect(meson.tool).toBe('meson');
    expect(meson.function).toBe('build');
    const options = meson.arguments.filter((a) => a.option !== null);
    expect(options).toHaveLength(10);
    expect(options.map((a) => `${a.option!.prefix}${a.option!.name}`)).toEqual([
      '-Db_lto',
      '-Dwith_brotli',
      '-Dwith_dbi',
      '-Dwith_ldap',
      '-Dwith_lua',
      '-Dwith_openssl',
      '-Dwith_pcre2',
      '-Dwith_webdav_locks',
      '-Dwith_webdav_props',
      '-Dwith_zstd',
    ]);

    expect(model.functions.map((f) => f.name)).toEqual([
      'build',
      'check',
      'package',
      'mod_auth',
      'mod_webdav',
    ]);
    expect(model.tree.kind).toBe('script');

    // Every range position carries a line and character that match its offset.
    const positions = positionsIn({ ...model, tree: null });
    expect(positions.length).toBeGreaterThan(100);
    for (const p of positions)
      expect({ line: p.line, character: p.character }, `offset ${p.offset}`).toEqual(
        positionAt(text, p.offset),
      );
  });

  it('prints a human summary by default', () => {
    const run = cli(['parse', 'examples/lighttpd/APKBUILD']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('lighttpd 1.4.71-r0');
    expect(run.stdout).toContain('-Dwith_ldap=enabled');
  });

  it('exits quietly when the reader closes the pipe early', async () => {
    const child = spawn(
      process.execPath,
      [cliBundle, 'parse', '--json', ...Array<string>(20).fill(lighttpdExample)],
      { cwd: repoRoot },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy()); // like `apkharden ... | head -1`
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('errors and usage', () => {
  it('names a missing file and exits 2, still parsing the other files', () => {
    const missing = join(temp, 'nothere', 'APKBUILD');
    const run = cli(['parse', '--values', missing, lighttpdExample]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(missing);
    expect(run.stderr).toContain('no such file');
    expect((JSON.parse(run.stdout) as Values).pkgname).toBe('lighttpd');
  });

  it('accepts a directory that holds an APKBUILD', () => {
    const dir = writeApkbuild('dirpkg', 'pkgname=dirpkg\npkgver=3.1\npkgrel=2\n');
    for (const arg of [dir, `${dir}/`]) {
      const values = cliJson<Values>(['parse', '--values', arg]);
      expect(values).toMatchObject({ pkgname: 'dirpkg', pkgver: '3.1', pkgrel: '2' });
      expect(values.builddir).toBe(`${dir}/src/dirpkg-3.1`);
    }
  });

  it('rejects an unknown command with usage on stderr', () => {
    const run = cli(['frobnicate', 'examples/lighttpd/APKBUILD']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("unknown command 'frobnicate'");
    expect(run.stderr).toContain('usage: apkharden');
  });

  it('rejects an unknown --carch with usage on stderr', () => {
    const run = cli(['parse', '--carch', 'sparc64', 'examples/lighttpd/APKBUILD']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("unknown --carch 'sparc64'");
    expect(run.stderr).toContain('usage: apkharden');
  });

  it('prints usage on stderr with exit 2 without a command, on stdout with exit 0 for --help', () => {
    const bare = cli([]);
    expect(bare.status).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toContain('usage: apkharden');
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: apkharden');
  });

  it('reports a syntax error as FILE:LINE:COL and still prints the values', () => {
    const dir = writeApkbuild('broken', 'pkgname=broken\npkgver=2.0\npkgrel=1\n_x="oops\n');
    const file = join(dir, 'APKBUILD');
    const run = cli(['parse', '--values', file]);
    expect(run.status).toBe(0);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `${file}:4:4: syntax: unterminated double quote`,
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({
      pkgname: 'broken',
      pkgver: '2.0',
      pkgrel: '1',
    });
  });
});

describe('--carch', () => {
  it('chooses the branch of case "$CARCH"', () => {
    const dir = writeApkbuild(
      'carch',
      [
        'pkgname=carch',
        'case "$CARCH" in',
        'aarch64) makedepends="arm-only" ;;',
        '*) makedepends="generic" ;;',
        'esac',
        '',
      ].join('\n'),
    );
    expect(cliJson<Values>(['parse', '--values', dir]).makedepends).toBe('generic');
    expect(cliJson<Values>(['parse', '--values', '--carch', 'aarch64', dir]).makedepends).toBe(
      'arm-only',
    );
    expect(cliJson<ModelJson>(['parse', '--json', '--carch=aarch64', dir]).carch).toBe('aarch64');
  });
});

describe('safety: nothing in the APKBUILD is executed', () => {
  it('parse, check and fix run no command substitution, backtick, eval, top-level command or function', () => {
    const dir = writeApkbuild(
      'canary',
      [
        'pkgname=canary',
        'pkgver=1.0',
        'pkgrel=0',
        'pkgdesc="$(touch CANARY1)"',
        'url="`touch CANARY2`"',
        'eval "touch CANARY3"',
        'touch CANARY4',
        'makedepends="a $(touch "$startdir"/CANARY5) b"',
        'build() {',
        '\ttouch CANARY6',
        '}',
        '',
      ].join('\n'),
    );
    const canaries = (): string[] =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('CANARY'));

    const values = cliJson<Values>(['parse', '--values', 'APKBUILD'], dir);
    expect(values).toMatchObject({ pkgname: 'canary', pkgdesc: null, url: null });
    const model = cliJson<ModelJson>(['parse', '--json', 'APKBUILD'], dir);
    expect(Object.keys(model.unknown)).toEqual(
      expect.arrayContaining(['pkgdesc', 'url', 'makedepends']),
    );
    const summary = cli(['parse', '.'], dir);
    expect(summary.status).toBe(0);
    expect(summary.stdout).toContain('canary 1.0-r0');
    expect(cli(['check', '--profile', 'kubernetes', 'APKBUILD'], dir).status).toBeLessThan(2);
    expect(cli(['fix', '--variant', 'remove', 'APKBUILD'], dir).status).toBe(0);

    expect(canaries()).toEqual([]);
  });
});

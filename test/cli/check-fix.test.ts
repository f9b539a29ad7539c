import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBundle } from '../helpers/bundles';
import { lighttpdExample, repoRoot } from '../helpers/paths';

/** Runs a program with text input and output; throws when it cannot be started. */
function exec(program: string, args: string[], cwd = repoRoot, input?: string) {
  const result = spawnSync(program, args, { cwd, input, encoding: 'utf8' });
  if (result.error) throw result.error;
  return result;
}

const cli = (args: string[], cwd = repoRoot) => exec(process.execPath, [cliBundle, ...args], cwd);

const exampleText = fs.readFileSync(lighttpdExample, 'utf8');
const EXAMPLE = 'examples/lighttpd/APKBUILD';

/** `LINE:COL` (from 1) of the only occurrence of `needle` in `text`, computed here from the text. */
function where(text: string, needle: string): string {
  const at = text.indexOf(needle);
  expect(at, `${needle} occurs in the text`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(needle, at + 1), `${needle} occurs once`).toBe(-1);
  const before = text.slice(0, at);
  return `${before.split('\n').length}:${at - before.lastIndexOf('\n')}`;
}

/** The `FILE:LINE:COL: CODE: message` lines of a text report (not the summary). */
function findingLines(stdout: string): string[] {
  return stdout.split('\n').filter((line) => /^[^ ]+:\d+:\d+: harden\//.test(line));
}

/** The `FILE:LINE:COL: CODE` of each finding line. */
const heads = (stdout: string): string[] =>
  findingLines(stdout).map((l) => l.replace(/(: harden\/[a-z-]+): .*$/, '$1'));

/** Zero-based offset of a one-based line and column. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sha = (file: string): string =>
  createHash('sha256').update(fs.readFileSync(file)).digest('hex');

let temp: string;
/** A fresh copy of the repository's example as `<temp>/<name>/pkg/APKBUILD`, and that root. */
function copyExample(name: string, profile?: string): { root: string; file: string } {
  const root = join(temp, name);
  fs.mkdirSync(join(root, 'pkg'), { recursive: true });
  fs.copyFileSync(lighttpdExample, join(root, 'pkg/APKBUILD'));
  if (profile !== undefined) fs.writeFileSync(join(root, '.apkharden.yaml'), profile);
  return { root, file: join(root, 'pkg/APKBUILD') };
}

/** Sources `file` in a clean bash (an APKBUILD only assigns at top level) and runs `script`. */
function bash(file: string, script: string): string {
  const args = ['--norc', '--noprofile', '-c', `. "$1" && ${script}`, 'bash', file];
  const result = exec('bash', args);
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

/** The parts of SARIF 2.1.0 the test checks. */
interface SarifLog {
  version: string;
  $schema: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      properties: { verified: boolean; advice: string | null };
      message: { text: string };
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string };
          region: Record<'startLine' | 'startColumn' | 'endLine' | 'endColumn', number>;
        };
      }[];
    }[];
  }[];
}

const PROVIDED = 'provided:\n  tls: sidecar\n  authentication: api-gateway\n';
const UNUSED_PROFILE = `${PROVIDED}unused: [brotli, dbi, lua, webdav, zstd]\n`;

beforeAll(() => {
  temp = fs.mkdtempSync(join(tmpdir(), 'apkharden-check-fix-'));
});

afterAll(() => {
  if (temp) fs.rmSync(temp, { recursive: true, force: true });
});

const DEFAULT_FINDINGS = [
  ['harden/removable-makedepend', 'openldap-dev'],
  ['harden/removable-makedepend', 'openssl-dev'],
  ['harden/removable-subpackage', '$pkgname-dbg'],
  ['harden/removable-subpackage', '$pkgname-openrc'],
  ['harden/removable-option', '-Dwith_ldap=enabled'],
  ['harden/removable-option', '-Dwith_openssl=true'],
];

/** The expected finding lines of the example at `file`, up to the subject. */
function expectedDefault(file: string): string[] {
  return DEFAULT_FINDINGS.map(
    ([code, subject]) => `${file}:${where(exampleText, subject)}: ${code}`,
  );
}

describe('check', () => {
  it('finds TLS, LDAP, -dbg and -openrc in the example with the default profile', () => {
    const run = cli(['check', EXAMPLE]);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toBe('');
    const lines = findingLines(run.stdout);
    expect(heads(run.stdout)).toEqual(expectedDefault(EXAMPLE));
    DEFAULT_FINDINGS.forEach(([, subject]) =>
      expect(lines.some((l) => l.includes(subject.replace('$pkgname', 'lighttpd')))).toBe(true),
    );
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      `${EXAMPLE}: 6 findings: 2 options, 2 makedepends, 2 subpackages; 0 advice only (profile: builtin:kubernetes)`,
    );
  });

  it('finds nothing with --profile none and exits 0', () => {
    const run = cli(['check', '--profile', 'none', 'examples/lighttpd']);
    expect(run.status, run.stderr).toBe(0);
    expect(findingLines(run.stdout)).toEqual([]);
    expect(run.stdout).toContain('0 findings: 0 options, 0 makedepends, 0 subpackages');
  });

  it('reads .apkharden.yaml from above the APKBUILD and flags every unused feature', () => {
    const { root } = copyExample('unused', UNUSED_PROFILE);
    const run = cli(['check', 'pkg'], root);
    expect(run.status, run.stderr).toBe(1);
    const options = findingLines(run.stdout).filter((l) => l.includes('removable-option'));
    const subjects = [
      ...['brotli=enabled', 'dbi=enabled', 'ldap=enabled', 'lua=true', 'openssl=true'],
      ...['webdav_locks=enabled', 'webdav_props=enabled', 'zstd=enabled'],
    ].map((s) => `-Dwith_${s}`);
    expect(options.map((l) => l.split(': ')[0])).toEqual(
      subjects.map((s) => `pkg/APKBUILD:${where(exampleText, s)}`),
    );
    expect(run.stdout).toContain(`(profile: ${join(root, '.apkharden.yaml')})`);
  });

  it('reports a broken profile at its lines and checks nothing with it (exit 2)', () => {
    const profile = '# broken\nprovided:\n  quantum: teleporter\nunused: brotli\ncolour: blue\n';
    const { root } = copyExample('broken-profile', profile);
    const yaml = join(root, '.apkharden.yaml');
    const run = cli(['check', 'pkg/APKBUILD'], root);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        `^${escape(yaml)}:${where(profile, 'quantum')}: provided.quantum: unknown capability`,
      ),
      expect.stringMatching(
        `^${escape(yaml)}:${where(profile, 'brotli')}: unused: must be a list of features`,
      ),
      expect.stringMatching(`^${escape(yaml)}:${where(profile, 'colour')}: colour: unknown key`),
      `pkg/APKBUILD: skipped: its profile ${yaml} has errors`,
    ]);
    expect(run.stdout).toBe('');

    fs.writeFileSync(yaml, 'unused: [brotli\n');
    const syntax = cli(['check', 'pkg'], root);
    expect(syntax.status).toBe(2);
    expect(syntax.stderr).toMatch(new RegExp(`^${escape(yaml)}:2:1: not valid YAML: `));
    expect(syntax.stdout).toBe('');
  });

  it('--format json gives each finding with its range, rule, feature and evidence', () => {
    const run = cli(['check', '--format', 'json', EXAMPLE]);
    expect(run.status, run.stderr).toBe(1);
    const files = JSON.parse(run.stdout) as {
      file: string;
      profile: string;
      findings: Record<string, unknown>[];
    }[];
    expect(files).toHaveLength(1);
    expect(files[0].file).toBe(EXAMPLE);
    expect(files[0].profile).toBe('builtin:kubernetes');
    const keys =
      'code line column endLine endColumn subject message summary verified advice rule feature capability evidence';
    for (const f of files[0].findings) {
      expect(Object.keys(f).sort()).toEqual(keys.split(' ').sort());
      const start = offsetOf(exampleText, f.line as number, f.column as number);
      const end = offsetOf(exampleText, f.endLine as number, f.endColumn as number);
      expect(exampleText.slice(start, end)).toBe(f.subject);
      expect(typeof f.message).toBe('string');
      expect(f.rule).toHaveProperty('kind');
    }
    expect(files[0].findings.map((f) => [f.code, f.subject])).toEqual(DEFAULT_FINDINGS);
    const ldap = files[0].findings.find((f) => f.subject === '-Dwith_ldap=enabled');
    expect(ldap).toMatchObject({ feature: 'ldap', evidence: { makedepends: ['openldap-dev'] } });
  });

  it('--format sarif writes a SARIF 2.1.0 log with rules and located results', () => {
    const run = cli(['check', '--format', 'sarif', EXAMPLE]);
    expect(run.status, run.stderr).toBe(1);
    const log = JSON.parse(run.stdout) as SarifLog;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    // The hardening run, then the lint's (the example has none).
    expect(log.runs.map((r) => [r.tool.driver.name, r.results.length])).toEqual([
      ['apkharden', DEFAULT_FINDINGS.length],
      ['apkharden lint', 0],
    ]);
    const { driver } = log.runs[0].tool;
    expect(driver.name).toBe('apkharden');
    for (const rule of driver.rules) {
      expect(rule.id).toMatch(/^harden\//);
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
    }
    const ids = driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const results = log.runs[0].results;
    expect(results.map((r) => r.ruleId)).toEqual(DEFAULT_FINDINGS.map(([code]) => code));
    results.forEach((r, i) => {
      expect(driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.level).toBe('warning');
      expect(r.properties).toEqual({ verified: true, advice: null });
      expect(r.message.text.length).toBeGreaterThan(0);
      expect(r.locations).toHaveLength(1);
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      expect(artifactLocation.uri).toBe(EXAMPLE);
      for (const n of Object.values(region)) expect(Number.isInteger(n) && n >= 1).toBe(true);
      const start = offsetOf(exampleText, region.startLine, region.startColumn);
      const end = offsetOf(exampleText, region.endLine, region.endColumn);
      expect(exampleText.slice(start, end)).toBe(DEFAULT_FINDINGS[i][1]);
    });
  });

  it('reports syntax errors as FILE:LINE:COL and still checks what comes before', () => {
    const { root } = copyExample('syntax');
    fs.writeFileSync(join(root, 'pkg/APKBUILD'), exampleText + '_x="oops\n');
    const run = cli(['check', 'pkg/APKBUILD'], root);
    expect(run.status).toBe(1);
    const line = exampleText.split('\n').length;
    expect(run.stderr.trimEnd()).toBe(`pkg/APKBUILD:${line}:4: syntax: unterminated double quote`);
    expect(findingLines(run.stdout)).toHaveLength(DEFAULT_FINDINGS.length);
  });
});

describe('fix', () => {
  it('--variant remove leaves build() one command without the unused options', () => {
    const { root, file } = copyExample('remove', UNUSED_PROFILE);
    const run = cli(['fix', '--variant', 'remove', 'pkg'], root);
    expect(run.status, run.stderr).toBe(0);
    const fixed = join(root, 'fixed');
    fs.writeFileSync(fixed, run.stdout);
    const build = bash(fixed, 'declare -f build')
      .split('\n')
      .map((l) => l.trim());
    const meson = build.filter((l) => l.includes('abuild-meson'));
    expect(meson).toEqual(['abuild-meson -Db_lto=true -Dwith_pcre2=true . output;']);
    const joined = run.stdout.replace(/\\\n\s*/g, '');
    expect(joined.split('abuild-meson -Db_lto=true -Dwith_pcre2=true . output\n')).toHaveLength(2);
    expect(bash(fixed, 'echo "$subpackages"').trim()).toBe(
      'lighttpd-doc lighttpd-mod_auth lighttpd-mod_webdav',
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(exampleText);
  });

  it('does not write without --write: same bytes and mtime', () => {
    const { root, file } = copyExample('nowrite');
    const before = { hash: sha(file), mtime: fs.statSync(file).mtimeMs };
    for (const args of [[], ['--diff'], ['--variant', 'remove']]) {
      const run = cli(['fix', ...args, 'pkg'], root);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).not.toBe(exampleText);
    }
    expect({ hash: sha(file), mtime: fs.statSync(file).mtimeMs }).toEqual(before);
  });

  it('--write rewrites once, keeps the mode and a symlink, and then has nothing to do', () => {
    const { root, file } = copyExample('write');
    fs.chmodSync(file, 0o640);
    fs.symlinkSync('pkg/APKBUILD', join(root, 'link'));
    const expected = cli(['fix', 'pkg'], root).stdout;
    const first = cli(['fix', '--write', 'link'], root);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr.trim()).toBe(`link: applied ${DEFAULT_FINDINGS.length} verified fixes`);
    expect(fs.readFileSync(file, 'utf8')).toBe(expected);
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.lstatSync(join(root, 'link')).isSymbolicLink()).toBe(true);
    expect(fs.readdirSync(join(root, 'pkg'))).toEqual(['APKBUILD']);

    const before = { hash: sha(file), mtime: fs.statSync(file).mtimeMs };
    const second = cli(['fix', '--write', 'pkg/APKBUILD'], root);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr.trim()).toBe('pkg/APKBUILD: nothing to fix');
    expect({ hash: sha(file), mtime: fs.statSync(file).mtimeMs }).toEqual(before);
    expect(cli(['check', 'pkg'], root).status).toBe(0);
  });

  it('--diff prints a unified diff with a/ and b/ headers and 3 lines of context', () => {
    const run = cli(['fix', '--diff', EXAMPLE]);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([`--- a/${EXAMPLE}`, `+++ b/${EXAMPLE}`]);
    expect(lines[2]).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/);
    expect(lines.slice(3, 6).every((l) => l.startsWith(' '))).toBe(true);
    expect(lines).toContain('-\t\t-Dwith_ldap=enabled \\');
    expect(lines).toContain('+\t\t-Dwith_ldap=disabled \\');
    expect(cli(['fix', '--diff', '--profile', 'none', EXAMPLE]).stdout).toBe('');
  });

  const hasPatch = spawnSync('patch', ['--version']).error === undefined;
  if (!hasPatch)
    console.warn('note: patch is not installed; the patch -p1 check of --diff is skipped');
  it.skipIf(!hasPatch)(
    '--diff is accepted by patch -p1 (skipped when patch is not installed)',
    () => {
      const { root } = copyExample('patch');
      const diff = cli(['fix', '--diff', '--variant', 'remove', 'pkg'], root).stdout;
      const copy = join(temp, 'patch-copy');
      fs.cpSync(root, copy, { recursive: true });
      const dry = exec('patch', ['-p1', '--dry-run'], copy, diff);
      expect(dry.status, dry.stdout + dry.stderr).toBe(0);
      expect(exec('patch', ['-p1'], copy, diff).status).toBe(0);
      const fixed = cli(['fix', '--variant', 'remove', 'pkg'], root).stdout;
      expect(fs.readFileSync(join(copy, 'pkg/APKBUILD'), 'utf8')).toBe(fixed);
    },
  );
});

describe('errors and usage', () => {
  it('names a file it cannot read and exits 2, still checking the others', () => {
    const missing = join(temp, 'nothere/APKBUILD');
    const check = cli(['check', missing, EXAMPLE]);
    expect(check.status).toBe(2);
    expect(check.stderr).toContain(`${missing}: cannot read: no such file`);
    expect(check.stdout).toContain(`${EXAMPLE}: 6 findings`);
    const fix = cli(['fix', missing]);
    expect(fix.status).toBe(2);
    expect(fix.stderr).toContain(missing);
    expect(fix.stdout).toBe('');
    if (process.getuid?.() !== 0) {
      const { file } = copyExample('unreadable');
      fs.chmodSync(file, 0o000);
      expect(cli(['check', file]).stderr).toContain(`${file}: cannot read: permission denied`);
    }
  });

  it.each([
    [['check'], 'check needs at least one'],
    [['check', '--format', 'xml', EXAMPLE], "unknown --format 'xml'"],
    [['check', '--profile', 'nosuch', EXAMPLE], "unknown --profile 'nosuch'"],
    [['check', '--carch', 'sparc', EXAMPLE], "unknown --carch 'sparc'"],
    [['check', '--write', EXAMPLE], "Unknown option '--write'"],
    [['fix', EXAMPLE, EXAMPLE], 'fix takes exactly one'],
    [['fix', '--variant', 'delete', EXAMPLE], "unknown --variant 'delete'"],
    [['fix', '--write', '--diff', EXAMPLE], '--write and --diff do not go together'],
  ])('apkharden %j is a usage error', (args, message) => {
    const run = cli(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('usage: apkharden');
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAWED } from '../helpers/flawed-apkbuild';
import { lighttpdExample } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';
import { scratchDir } from '../helpers/scratch';

function flawedFile(): string {
  const file = join(scratchDir('lint-cli-'), 'APKBUILD');
  writeFileSync(file, FLAWED);
  return file;
}

const codes = (stdout: string): string[] =>
  stdout
    .split('\n')
    .map((line) => /^[^ ]+:\d+:\d+: ([A-Za-z0-9/-]+): /.exec(line)?.[1])
    .filter((code): code is string => code !== undefined && !code.startsWith('harden/'));

describe('apkharden lint', () => {
  it('reports each flaw with its code, line and severity, and exits 1', () => {
    const file = flawedFile();
    const run = runCli(['lint', file]);
    expect(run.status, run.stderr).toBe(1);
    expect(codes(run.stdout)).toEqual(['AL14', 'AL15', 'AL8', 'AL19', 'AL1', 'AL13']);
    expect(run.stdout).toContain(`${file}:3:8: AL15: `);
    expect(run.stdout).toMatch(/AL15: .*\(error\)$/m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(`${file}: 6 lint findings (1 error)`);
  });

  it('exits 0 on a clean file, 2 on an unreadable one, and names it', () => {
    const clean = runCli(['lint', lighttpdExample]);
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout.trim()).toBe(`${lighttpdExample}: no lint findings`);
    const missing = runCli(['lint', '/nonexistent/APKBUILD', lighttpdExample]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('/nonexistent/APKBUILD');
    expect(missing.stdout).toContain(`${lighttpdExample}: no lint findings`);
    expect(runCli(['lint', '--format', 'xml', lighttpdExample]).status).toBe(2);
  });

  it('gives JSON records and a SARIF run of its own rules', () => {
    const file = flawedFile();
    const json = JSON.parse(runCli(['lint', '--format', 'json', file]).stdout) as {
      file: string;
      findings: { code: string; severity: string; line: number; fix: string | null }[];
    }[];
    expect(json[0].file).toBe(file);
    expect(json[0].findings.map((f) => [f.code, f.severity, f.line])).toEqual([
      ['AL14', 'warning', 2],
      ['AL15', 'error', 3],
      ['AL8', 'information', 4],
      ['AL19', 'warning', 9],
      ['AL1', 'warning', 10],
      ['AL13', 'warning', 12],
    ]);
    expect(json[0].findings.filter((f) => f.fix !== null).map((f) => f.code)).toEqual([
      'AL8',
      'AL19',
      'AL1',
      'AL13',
    ]);
    const sarif = JSON.parse(runCli(['lint', '--format', 'sarif', file]).stdout) as {
      runs: {
        tool: { driver: { name: string; rules: { id: string }[] } };
        results: { ruleId: string; ruleIndex: number; level: string }[];
      }[];
    };
    const [run] = sarif.runs;
    expect(run.tool.driver.name).toBe('apkharden lint');
    for (const result of run.results)
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    expect(run.results.find((r) => r.ruleId === 'AL15')?.level).toBe('error');
  });
});

describe('lint in check, and fix --lint', () => {
  it('check reports the lint beside the hardening findings and exits 1; --no-lint leaves it out', () => {
    const file = flawedFile();
    const run = runCli(['check', file]);
    expect(run.status, run.stderr).toBe(1);
    expect(codes(run.stdout)).toEqual(['AL14', 'AL15', 'AL8', 'AL19', 'AL1', 'AL13']);
    expect(run.stdout).toMatch(/; 6 lint findings \(1 error\)$/m);
    const without = runCli(['check', '--no-lint', file]);
    expect(codes(without.stdout)).toEqual([]);
    const json = JSON.parse(runCli(['check', '--format', 'json', file]).stdout) as {
      lint: { code: string }[];
    }[];
    expect(json[0].lint.map((l) => l.code)).toEqual(['AL14', 'AL15', 'AL8', 'AL19', 'AL1', 'AL13']);
    const sarif = JSON.parse(runCli(['check', '--format', 'sarif', file]).stdout) as {
      runs: { tool: { driver: { name: string } } }[];
    };
    expect(sarif.runs.map((r) => r.tool.driver.name)).toEqual(['apkharden', 'apkharden lint']);
  });

  it('fix --lint applies every lint fix and leaves the rest (and the hardening) as written', () => {
    const file = flawedFile();
    const written = runCli(['fix', '--lint', '--write', file]);
    expect(written.status, written.stderr).toBe(0);
    expect(written.stderr).toBe(`${file}: applied 4 lint fixes\n`);
    expect(readFileSync(file, 'utf8')).toBe(
      FLAWED.replace('pkgrel=0 \n', 'pkgrel=0\n')
        .replace('"zlib-dev openssl-dev zlib-dev"', '"zlib-dev openssl-dev"')
        .replace('builddir="$srcdir/$pkgname-$pkgver"\n', '')
        .replace('\tcd "$builddir"\n', ''),
    );
    // What has no unambiguous edit is still reported.
    expect(codes(runCli(['lint', file]).stdout)).toEqual(['AL14', 'AL15']);
  });
});

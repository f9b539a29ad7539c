import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lighttpdExample } from '../helpers/paths';
import { runCli } from '../helpers/run-cli';
import { scratchDir } from '../helpers/scratch';

/**
 * A profile error is an input error for every command that takes a profile: the problems go to
 * stderr as FILE:LINE:COL: KEY: message, the exit code is 2, and nothing is printed or written.
 */

const temp = scratchDir('apkharden-profile-errors-');
const exampleText = readFileSync(lighttpdExample, 'utf8');
/** `keep:` written as a string: before, a warning, then six fixes instead of two. */
const KEEP_AS_STRING =
  'provided:\n  tls: sidecar\n  authentication: api-gateway\nkeep: openldap-dev\n';
const BAD_CATALOGUE = 'extends: kubernetes\ncatalogue:\n  features:\n    frob:\n      tokens: 5\n';

/** `<temp>/<name>/pkg/APKBUILD`, a copy of the example, with `profile` as .apkharden.yaml above it. */
function aport(name: string, profile: string | null): { root: string; yaml: string } {
  const root = join(temp, name);
  mkdirSync(join(root, 'pkg'), { recursive: true });
  copyFileSync(lighttpdExample, join(root, 'pkg/APKBUILD'));
  const yaml = join(root, '.apkharden.yaml');
  if (profile !== null) writeFileSync(yaml, profile);
  return { root, yaml };
}

const lines = (stderr: string): string[] => stderr.trimEnd().split('\n');

describe('a profile with an error stops the command that would use it', () => {
  it('check: the problem at its line and key, the file skipped, exit 2', () => {
    const { root, yaml } = aport('keep-string', KEEP_AS_STRING);
    const run = runCli(['check', 'pkg'], { cwd: root });
    expect(run.status).toBe(2);
    expect(lines(run.stderr)).toEqual([
      `${yaml}:4:7: keep: must be a list of names (packages, options, features, capabilities or subpackage suffixes), not a string`,
      `pkg/APKBUILD: skipped: its profile ${yaml} has errors`,
    ]);
    expect(run.stdout).toBe('');
  });

  it('fix --write: exit 2 and the APKBUILD left exactly as it was', () => {
    const { root, yaml } = aport('keep-string-fix', KEEP_AS_STRING);
    const run = runCli(['fix', '--write', 'pkg/APKBUILD'], { cwd: root });
    expect(run.status).toBe(2);
    expect(lines(run.stderr)[0]).toBe(
      `${yaml}:4:7: keep: must be a list of names (packages, options, features, capabilities or subpackage suffixes), not a string`,
    );
    expect(readFileSync(join(root, 'pkg/APKBUILD'), 'utf8')).toBe(exampleText);
    const printed = runCli(['fix', '--diff', 'pkg/APKBUILD'], { cwd: root });
    expect([printed.status, printed.stdout]).toEqual([2, '']);
  });

  it('a catalogue of the wrong shape is an error at its line, not a crash', () => {
    const { root, yaml } = aport('bad-catalogue', BAD_CATALOGUE);
    const run = runCli(['check', 'pkg'], { cwd: root });
    expect(run.status).toBe(2);
    expect(lines(run.stderr)).toEqual([
      `${yaml}:5:15: catalogue.features.frob.tokens: must be a list of words, not a number (5)`,
      `pkg/APKBUILD: skipped: its profile ${yaml} has errors`,
    ]);
  });

  it('--profile FILE with an error: exit 2 before anything is read, for check, fix, compare and rebuild', () => {
    const { root } = aport('flag', null);
    const profile = join(root, 'k8s.yaml');
    writeFileSync(profile, BAD_CATALOGUE);
    const expected = [
      `${profile}:5:15: catalogue.features.frob.tokens: must be a list of words, not a number (5)`,
      `apkharden: nothing done: the profile ${profile} has errors`,
    ];
    for (const args of [
      ['check', 'pkg'],
      ['fix', '--write', 'pkg'],
      ['compare', 'original', 'hardened'],
      ['rebuild', '--out', join(root, 'out'), 'pkg'],
    ]) {
      const run = runCli([...args, '--profile', profile], { cwd: root });
      expect([args[0], run.status, lines(run.stderr), run.stdout]).toEqual([
        args[0],
        2,
        expected,
        '',
      ]);
    }
    expect(readFileSync(join(root, 'pkg/APKBUILD'), 'utf8')).toBe(exampleText);
  });

  it('checks the files under a good profile and skips those under a broken one', () => {
    const good = aport('mixed-good', 'extends: none\n');
    const bad = aport('mixed-bad', KEEP_AS_STRING);
    const run = runCli(['check', join(good.root, 'pkg'), join(bad.root, 'pkg')]);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain(`${join(good.root, 'pkg/APKBUILD')}: 0 findings`);
    expect(run.stdout).not.toContain(bad.root);
    expect(lines(run.stderr)[1]).toBe(
      `${join(bad.root, 'pkg/APKBUILD')}: skipped: its profile ${bad.yaml} has errors`,
    );
  });

  it('refuses a FIFO named .apkharden.yaml at once instead of waiting for a writer', () => {
    const { root, yaml } = aport('fifo', null);
    execFileSync('mkfifo', [yaml]);
    const run = runCli(['check', 'pkg'], { cwd: root });
    expect(run.status).toBe(2);
    expect(lines(run.stderr)).toEqual([
      `${yaml}: is a FIFO, not a hardening profile`,
      `pkg/APKBUILD: skipped: its profile ${yaml} has errors`,
    ]);
  });

  it('a warning is printed and the command goes on', () => {
    const { root, yaml } = aport('warning', 'extends: none\nkeep: !weird [pcre2]\n');
    const run = runCli(['check', 'pkg'], { cwd: root });
    expect(run.status).toBe(0);
    expect(lines(run.stderr)).toEqual([
      `${yaml}:2:7: warning: not valid YAML: Unresolved tag: !weird`,
    ]);
    expect(run.stdout).toContain('pkg/APKBUILD: 0 findings');
  });
});

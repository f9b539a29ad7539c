/**
 * abuild validate's checks of the files an APKBUILD names (abuild.in, default_validate): install
 * scripts and triggers named after a package it builds, and a checksum for each source.
 */
import { parseSource, type ApkbuildModel } from '../apkbuild';
import { finding } from './rules';
import type { LintFinding } from './types';
import { known, placeOf, words } from './validate-values';

const INSTALL_SUFFIXES = new Set([
  'pre-install',
  'post-install',
  'pre-upgrade',
  'post-upgrade',
  'pre-deinstall',
  'post-deinstall',
]);

/** install= and triggers= scripts: a known suffix, and named after a package the file builds. */
export function scripts(model: ApkbuildModel): LintFinding[] {
  const out: LintFinding[] = [];
  const pkgname = known(model, 'pkgname');
  const subpackages = words(model, 'subpackages');
  if (pkgname === null || subpackages === null) return out;
  const packages = new Set([pkgname, ...subpackages.map((s) => s.split(':')[0])]);
  for (const script of words(model, 'install') ?? []) {
    const dot = script.lastIndexOf('.');
    const [name, suffix] = dot < 0 ? [script, ''] : [script.slice(0, dot), script.slice(dot + 1)];
    const problem = !INSTALL_SUFFIXES.has(suffix)
      ? `has an unknown suffix (.pre-install, .post-upgrade, ...)`
      : !packages.has(name)
        ? 'is not named after pkgname or a subpackage'
        : null;
    if (problem)
      out.push(
        finding(
          'abuild/install-script-name',
          `install script ${script} ${problem}; abuild validate refuses it.`,
          placeOf(model, 'install'),
        ),
      );
  }
  for (const trigger of words(model, 'triggers') ?? []) {
    const file = trigger.split('=')[0];
    const problem = !trigger.includes('=')
      ? "has no '=' and the folders it watches"
      : !file.endsWith('.trigger')
        ? 'has no .trigger suffix'
        : !packages.has(file.slice(0, -'.trigger'.length))
          ? 'is not named after pkgname or a subpackage'
          : null;
    if (problem)
      out.push(
        finding(
          'abuild/trigger-name',
          `trigger ${trigger} ${problem}; abuild validate refuses it.`,
          placeOf(model, 'triggers'),
        ),
      );
  }
  return out;
}

/** Each source has its checksum, and each checksum its source (sha512sums, else sha256sums). */
export function checksums(model: ApkbuildModel): LintFinding[] {
  const sources = words(model, 'source');
  const sha512 = words(model, 'sha512sums');
  const sha256 = words(model, 'sha256sums');
  if (sources === null || sha512 === null || sha256 === null) return [];
  const [sums, variable] = sha512.length > 0 ? [sha512, 'sha512sums'] : [sha256, 'sha256sums'];
  const files = sums.filter((_, i) => i % 2 === 1);
  const names = sources.map((s) => parseSource(s).filename);
  const out: LintFinding[] = [];
  for (const name of names.filter((n) => !files.includes(n)))
    out.push(
      finding(
        'abuild/missing-checksum',
        `${name} is missing in the checksums; abuild validate refuses it. Run abuild checksum.`,
        placeOf(model, sums.length > 0 ? variable : 'source'),
      ),
    );
  const stray = files.filter((f) => !names.includes(f));
  // The counts differ without a missing or stray file: a line that is not `SUM  FILE`.
  if (out.length === 0 && stray.length === 0 && sums.length !== names.length * 2)
    out.push(
      finding(
        'abuild/missing-checksum',
        `${sums.length / 2} checksums for ${names.length} sources; abuild validate refuses it. Run abuild checksum.`,
        placeOf(model, variable),
      ),
    );
  for (const file of stray)
    out.push(
      finding(
        'abuild/stray-checksum',
        `${file} has a checksum but is not in source; abuild validate refuses it.`,
        placeOf(model, variable),
      ),
    );
  return out;
}

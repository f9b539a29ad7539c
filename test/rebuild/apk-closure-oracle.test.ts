import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  indexPackages,
  installClosure,
  parseIndexText,
  type Closure,
  type PackageIndex,
} from '../../server/src/sbom';
import { alpineImage, missingAlpineImage } from '../helpers/alpine-image';
import { SHARED_INDEXES, simulateAdds, type SimulatedAdd } from '../helpers/apk-simulate';
import { ustar } from '../helpers/archives';
import { realIndex } from '../helpers/real-index';
import { repoRoot } from '../helpers/paths';
import { scratchDir } from '../helpers/scratch';
import { dockerEnv } from '../helpers/stand-in-image';

/**
 * Real apk-tools (2.14.4, in the 3.19.4 minirootfs) is the oracle of the install closure: for
 * each shared APKINDEX, `apk add --simulate` from an empty root must install exactly the
 * packages (name and version) of `installClosure` for the same targets, and fail exactly when
 * the closure has unresolved dependencies, naming the same ones.
 */

const missing = missingAlpineImage();

/** Every `step`-th of `items`, from the first: a spread that does not depend on the run. */
const spread = <T>(items: T[], count: number): T[] => {
  const step = Math.max(1, Math.floor(items.length / count));
  return items.filter((_, i) => i % step === 0).slice(0, count);
};

/**
 * The targets tried on one index, each one `apk add` (space-separated when several): the seed,
 * the deepest closures, virtual names as targets (so:, cmd:, pc:, /bin/sh), names with several
 * providers and packages that depend on them, install_if packages and their conditions as
 * targets (apk then adds the package by install_if), every Nth name of the rest, and some
 * whose dependencies this main index cannot satisfy.
 * Closures computed here serve only to choose targets; the comparison is in disagreement().
 */
function oracleTargets(index: PackageIndex): string[] {
  const names = [...index.byName.keys()].sort();
  const targets = new Set<string>();
  if (index.byName.has('lighttpd')) targets.add('lighttpd');
  const closures = new Map(names.map((name) => [name, installClosure(index, [name])]));
  const depth = new Map(names.map((name) => [name, closures.get(name)?.packages.length ?? 0]));
  const deepest = [...names].sort(
    (a, b) => (depth.get(b) ?? 0) - (depth.get(a) ?? 0) || (a < b ? -1 : 1),
  );
  for (const name of deepest.slice(0, 15)) targets.add(name);
  const provided = [...index.providers.keys()].sort();
  for (const kind of ['so:', 'cmd:', 'pc:'])
    for (const name of spread(
      provided.filter((p) => p.startsWith(kind)),
      8,
    ))
      targets.add(name);
  if (index.providers.has('/bin/sh')) targets.add('/bin/sh');
  // Several packages provide one name: apk picks by the provided version, then
  // provider_priority (closure-providers.ts), or refuses a virtual without priority.
  const alternatives = provided.filter(
    (name) =>
      new Set(
        [...(index.providers.get(name) ?? []), ...(index.byName.get(name) ?? [])].map(
          (p) => p.name,
        ),
      ).size > 1,
  );
  for (const name of spread(alternatives, 20)) targets.add(name);
  const alternative = new Set(alternatives);
  const consumers = names.filter((name) =>
    index.byName.get(name)?.some((p) => p.depends.some((d) => alternative.has(d.name))),
  );
  for (const name of spread(consumers, 15)) targets.add(name);
  const installIf = index.packages.filter((p) => p.installIf.length > 0);
  for (const pkg of spread(installIf, 10)) targets.add(pkg.name);
  for (const pkg of spread(installIf.slice(5), 15))
    targets.add(pkg.installIf.map((d) => d.token).join(' '));
  for (const name of spread(names, 150)) targets.add(name);
  // A dependency no package of this main index provides (community's, or gone): apk refuses.
  const unresolvable = names.filter((name) =>
    closures.get(name)?.unresolved.some((u) => !u.reason.includes('virtual')),
  );
  for (const name of spread(unresolvable, 10)) targets.add(name);
  // Before v3.19, busybox provides /bin/sh without a version or priority, so apk refuses most
  // closures with a script; with busybox asked for too, those closures are compared in full.
  const refusedForShell = [...targets].filter((target) =>
    installClosure(index, target.split(' ')).unresolved.some((u) => u.token === '/bin/sh'),
  );
  for (const target of spread(refusedForShell, 40)) targets.add(`${target} busybox`);
  return [...targets];
}

const withVersions = (closure: Closure): Map<string, string> =>
  new Map([...closure.packages, ...closure.installIfPackages].map((p) => [p.name, p.version]));

const minus = (a: Map<string, string>, b: Map<string, string>): string[] =>
  [...a].filter(([name, version]) => b.get(name) !== version).map(([n, v]) => `${n}=${v}`);

/** The names apk lists under "unable to select packages" (`  cvs (no such package):`). */
const apkProblems = (add: SimulatedAdd): string[] =>
  [
    ...new Set(
      add.otherLines.flatMap((line) => {
        const entry = /^ {2}(\S+)(?: \(.*\))?:$/.exec(line);
        return entry ? [entry[1]] : [];
      }),
    ),
  ].sort();

const ourProblems = (closure: Closure): string[] =>
  [...new Set(closure.unresolved.map((u) => u.token.split(/[<>=~]/)[0]))].sort();

/** Undefined when apk and the closure agree; else what differs, for the failure message. */
function disagreement(index: PackageIndex, add: SimulatedAdd): string | undefined {
  const closure = installClosure(index, add.name.split(' '));
  const ours = withVersions(closure);
  const oursSolved = closure.unresolved.length === 0 && closure.conflicts.length === 0;
  if (add.status === 0 && oursSolved) {
    const apkOnly = minus(add.installs, ours);
    const oursOnly = minus(ours, add.installs);
    if (apkOnly.length === 0 && oursOnly.length === 0) return undefined;
    return `${add.name}: apk minus ours [${apkOnly.join(' ')}], ours minus apk [${oursOnly.join(' ')}]`;
  }
  const apk = apkProblems(add);
  const ourList = ourProblems(closure);
  if (add.status !== 0 && !oursSolved && apk.join(' ') === ourList.join(' ')) return undefined;
  return (
    `${add.name}: apk ${add.status === 0 ? 'installs' : 'fails'} (problems [${apk.join(' ')}], ` +
    `installs [${[...add.installs.keys()].join(' ')}]); ours ${oursSolved ? 'solves' : 'fails'} ` +
    `(unresolved [${ourList.join(' ')}], conflicts ${JSON.stringify(closure.conflicts)}, ` +
    `installs [${[...ours.keys()].join(' ')}])`
  );
}

/**
 * The provider rules of test/unit/closure-providers.test.ts, one small index. apk keys an index
 * record by its `C:` checksum (records without one collapse into one), so each gets its own.
 */
const RULE_RECORDS = [
  'P:sh-user\nV:1-r0\nD:/bin/sh',
  'P:busybox\nV:1.31.1-r22\np:/bin/sh cmd:sh',
  'P:acf-db-lib\nV:1-r0\nD:lua acf-core',
  'P:acf-core\nV:1-r0\nD:lua5.2',
  'P:lua5.1\nV:5.1.5-r7\nk:100\np:lua',
  'P:lua5.2\nV:5.2.4-r7\np:lua',
  'P:mail-user\nV:1-r0\nD:mail',
  'P:mail\nV:9-r0',
  'P:other-mta\nV:1-r0\nk:10\np:mail',
  'P:tool-user\nV:1-r0\nD:cmd:tool',
  'P:tool-old\nV:1-r0\nk:50\np:cmd:tool=1.0',
  'P:tool-new\nV:1-r0\np:cmd:tool=2.0',
  'P:libx-user\nV:1-r0\nD:so:libx.so.1',
  'P:libx-a\nV:1-r0\np:so:libx.so.1=1',
  'P:libx-b\nV:1-r0\np:so:libx.so.1=1',
];
const RULE_TARGETS = [
  'sh-user',
  'sh-user busybox',
  'acf-db-lib',
  'lua',
  'mail-user',
  'mail',
  'tool-user',
  'libx-user',
];

function ruleIndexText(): string {
  const records = RULE_RECORDS.map((record) => {
    const sha1 = createHash('sha1').update(record).digest('base64');
    return `C:Q1${sha1}\n${record}\nA:x86_64\nS:1\nI:1\nT:rule`;
  });
  return `${records.join('\n\n')}\n\n`;
}

describe.skipIf(missing !== undefined)(
  `apk add --simulate as the oracle of the install closure${missing ? `: ${missing}` : ''}`,
  () => {
    // The engine the other container tests use (a private dockerd when none answers).
    let env: NodeJS.ProcessEnv;
    beforeAll(() => {
      env = dockerEnv(repoRoot);
    });

    for (const shared of SHARED_INDEXES)
      it(`${shared.folder} (${shared.arch})`, () => {
        const index = realIndex(shared.folder);
        const targets = oracleTargets(index);
        expect(targets.length).toBeGreaterThanOrEqual(50);
        const simulated = simulateAdds(env, alpineImage(env), shared, targets);
        // apk read the index, signature checked, as a repository of all its packages.
        expect(simulated.update).toEqual([
          expect.stringMatching(
            new RegExp(`^${shared.release}-\\S+ \\[/repo/${shared.release}/main\\]$`),
          ),
          `OK: ${index.byName.size} distinct packages available`,
        ]);
        expect(simulated.adds.map((add) => add.name)).toEqual(targets);
        // At least 50 whole closures compared, not only refusals.
        expect(simulated.adds.filter((add) => add.status === 0).length).toBeGreaterThanOrEqual(50);
        const found = simulated.adds.flatMap((add) => disagreement(index, add) ?? []);
        expect(found, `apk and the closure disagree:\n${found.join('\n')}`).toEqual([]);
      });

    it('the provider rules, on a small index the test makes (unsigned: --allow-untrusted)', () => {
      const text = ruleIndexText();
      const file = join(scratchDir('apk-closure-rules-'), 'APKINDEX.tar.gz');
      writeFileSync(file, gzipSync(ustar({ APKINDEX: text })));
      const repository = { file, release: 'rules', arch: 'x86_64' as const, madeByTest: true };
      const simulated = simulateAdds(env, alpineImage(env), repository, RULE_TARGETS);
      expect(simulated.update).toEqual([`OK: ${RULE_RECORDS.length} distinct packages available`]);
      const index = indexPackages(parseIndexText(text, 'rules').packages);
      const found = simulated.adds.flatMap((add) => disagreement(index, add) ?? []);
      expect(found, `apk and the closure disagree:\n${found.join('\n')}`).toEqual([]);
      // What apk answered, so the rules' unit tests rest on it.
      const installs = (name: string): string[] =>
        [...(simulated.adds.find((add) => add.name === name)?.installs.keys() ?? [])].sort();
      expect(simulated.adds.find((add) => add.name === 'sh-user')?.status).not.toBe(0);
      expect(installs('sh-user busybox')).toEqual(['busybox', 'sh-user']);
      expect(installs('acf-db-lib')).toEqual(['acf-core', 'acf-db-lib', 'lua5.2']);
      expect(installs('lua')).toEqual(['lua5.1']);
      expect(installs('mail')).toEqual(['other-mta']);
      expect(installs('tool-user')).toEqual(['tool-new', 'tool-user']);
      expect(installs('libx-user')).toEqual(['libx-a', 'libx-user']);
    });
  },
);

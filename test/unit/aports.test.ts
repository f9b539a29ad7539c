// The aports index and build passes, on the real tree in ../shared/corpus/aports.
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeApkbuild, parseSubpackage } from '../../server/src/apkbuild';
import {
  AportsIndex,
  buildPasses,
  desiredSbomText,
  indexAportsTree,
  loadIndexCache,
  passesJson,
  readTreeEntry,
  referenceClosure,
  saveIndexCache,
  updateEntry,
  type AportsEntry,
  type BuildPasses,
} from '../../server/src/aports';
import { entryFromValues, readEntry } from '../../server/src/aports/entry';
import { sourcedText } from '../helpers/sourced-text';
import { corpusRoot, readOracle, requireShared } from '../helpers/paths';

const aports = join(corpusRoot, 'aports');
let index: AportsIndex;
let reference: Set<string>;
let lighttpd: BuildPasses;
const scratch = mkdtempSync(join(tmpdir(), 'aports-test-'));

beforeAll(async () => {
  requireShared();
  let calls = 0;
  index = await indexAportsTree(aports, { onProgress: () => calls++ });
  expect(calls).toBe(index.size);
  reference = referenceClosure(index);
  lighttpd = buildPasses(index, 'lighttpd', reference);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const passOf = (result: BuildPasses, origin: string): number =>
  result.passes.findIndex((pass) => pass.includes(origin)) + 1;
const known = <T>(value: T) => ({ known: true as const, value });
const words = (text: string): string[] => text.split(' ');

describe('indexing the tree', () => {
  it('reads every APKBUILD of every repository', () => {
    expect(index.size).toBe(11_963);
    const perRepo: Record<string, number> = {};
    for (const entry of index.entries()) perRepo[entry.repo] = (perRepo[entry.repo] ?? 0) + 1;
    expect(perRepo).toEqual({ main: 1_573, community: 7_019, testing: 3_371 });
    expect(index.stats).toEqual({ files: 11_963, parsed: 11_963, fromCache: 0 });
  });

  it("gives lighttpd's entry as the file says, subpackages expanded", () => {
    const entry = index.entry('lighttpd');
    expect(entry).toMatchObject({
      origin: 'lighttpd',
      repo: 'main',
      folder: 'lighttpd',
      path: 'main/lighttpd/APKBUILD',
      version: known('1.4.77-r0'),
      depends: known([]),
      provides: known([]),
      checkdepends: known(['perl']),
      subpackages: known(
        words('lighttpd-dbg lighttpd-doc lighttpd-openrc lighttpd-mod_auth lighttpd-mod_webdav'),
      ),
    });
    const text = readFileSync(join(aports, 'main/lighttpd/APKBUILD'), 'utf8');
    const makedepends = /^makedepends="([^"]*)"/m.exec(text)?.[1].split(/\s+/).filter(Boolean);
    expect(entry?.makedepends).toEqual(known(makedepends));
    expect(makedepends).toContain('openldap-dev');
  });

  it('agrees with the values bash gave for every field it knows', () => {
    const names = (value: unknown): string[] => {
      const words = typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
      const out = words.filter((w) => !w.startsWith('!')).map((w) => w.replace(/[<>=~].*/, ''));
      return [...new Set(out)];
    };
    const makedepends = ['makedepends', 'makedepends_build', 'makedepends_host'];
    let compared = 0;
    const differences: string[] = [];
    for (const record of readOracle()) {
      const entry = index.entryAt(record.path);
      expect(entry, record.path).toBeDefined();
      const expected: [keyof AportsEntry, string[]][] = [
        ['subpackages', names(record.subpackages).map((s) => parseSubpackage(s).name)],
        ['provides', names(record.provides)],
        ['depends', names(record.depends)],
        ['dependsDev', names(record.depends_dev)],
        ['checkdepends', names(record.checkdepends)],
        [
          'makedepends',
          names(makedepends.map((f) => (typeof record[f] === 'string' ? record[f] : '')).join(' ')),
        ],
      ];
      for (const [field, want] of expected) {
        const got = entry?.[field];
        if (typeof got !== 'object' || !got.known) continue;
        compared++;
        if (JSON.stringify(got.value) !== JSON.stringify(want))
          differences.push(`${record.path} ${field}`);
      }
    }
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(70_000);
  });

  it('records what it cannot know as unknown, with the reason', () => {
    const gcc = index.entry('gcc');
    expect(gcc?.pkgname.known).toBe(false);
    expect(gcc?.makedepends).toMatchObject({ known: false, reason: /computed at run time/ });
    // musl picks its pkgname and subpackages on $BOOTSTRAP: an ordinary build by default ...
    expect(index.entry('musl')?.subpackages).toEqual(
      known(['musl-dbg', 'musl-libintl', 'musl-dev', 'musl-utils']),
    );
    // ... and unknown when the environment is left unknown.
    const unknownEnv = readTreeEntry(aports, 'main/musl/APKBUILD', { environment: {} });
    expect(unknownEnv.subpackages).toMatchObject({ known: false, reason: /condition at line 17/ });
  });
});

describe('reading only the values the index needs', () => {
  it('gives the entries the whole model gives (every 10th file, and those with unknowns)', () => {
    const entries = index.entries();
    const hasUnknown = (entry: AportsEntry): boolean =>
      [entry.pkgname, entry.version, entry.subpackages, entry.provides, entry.depends]
        .concat([entry.dependsDev, entry.makedepends, entry.checkdepends])
        .some((field) => !field.known);
    const sample = entries.filter((entry, i) => i % 10 === 0 || hasUnknown(entry));
    expect(sample.length).toBeGreaterThan(1_200);
    const environments = [undefined, {}];
    for (const entry of sample)
      for (const environment of environments) {
        const text = readFileSync(join(aports, entry.path), 'utf8');
        const location = {
          repo: entry.repo,
          folder: entry.folder,
          startdir: join(aports, entry.repo, entry.folder),
        };
        const model = analyzeApkbuild(sourcedText(text, { environment }), {
          startdir: location.startdir,
          repo: entry.repo,
          carch: 'x86_64',
        });
        expect(readEntry(text, location, { environment }), entry.path).toEqual(
          entryFromValues(model, location),
        );
      }
  });
});

describe('originOf', () => {
  it('maps subpackages, provides and origins to their origin', () => {
    expect(index.originOf('openldap-dev')).toBe('openldap');
    // main/openldap lists `libldap` (no $pkgname prefix) among its subpackages.
    expect(index.entry('openldap')?.subpackages).toMatchObject(
      known(expect.arrayContaining(['libldap'])),
    );
    expect(index.originOf('libldap')).toBe('openldap');
    expect(index.originOf('libsasl')).toBe('cyrus-sasl');
    expect(index.originOf('openldap')).toBe('openldap');
    expect(index.originOf('openssl-dev>3')).toBe('openssl');
    // provides="$pkgname-back-monitor=$pkgver-r$pkgrel"
    expect(index.originOf('openldap-back-monitor')).toBe('openldap');
  });

  it('leaves so:, cmd:, pc: and unknown names unresolved', () => {
    for (const name of ['so:libc.musl-x86_64.so.1', 'cmd:ldapsearch', 'pc:ldap', 'no-such-pkg'])
      expect(index.originOf(name)).toBeNull();
  });
});

describe('build passes', () => {
  it('stops at a reference computed from alpine-base', () => {
    // alpine-base depends on alpine-baselayout, apk-tools, busybox, musl-utils (-> musl), openrc ...
    for (const origin of ['alpine-base', 'alpine-baselayout', 'apk-tools', 'busybox', 'musl'])
      expect(reference).toContain(origin);
    for (const origin of reference) expect(passOf(lighttpd, origin)).toBe(0);
    expect(passOf(lighttpd, 'lighttpd')).toBe(0); // the target is never a pass of its own
  });

  it('walks lighttpd down to e2fsprogs, and says why each origin is there', () => {
    const { reasons } = lighttpd;
    const why = (origin: string): string =>
      `${reasons[origin].neededBy} ${reasons[origin].name} ${reasons[origin].field}`;
    // Pass 1: lighttpd's makedepends; openldap-dev is a subpackage of openldap.
    expect(lighttpd.passes[0]).toEqual(
      words('brotli libdbi libxml2 lua5.4 meson openldap openssl pcre2 sqlite zlib zstd'),
    );
    expect(why('openldap')).toBe('lighttpd openldap-dev makedepends');
    // Pass 2: openldap's makedepends (its depends_dev, pulled in as $depends_dev) hold
    // cyrus-sasl-dev and util-linux-dev.
    expect(passOf(lighttpd, 'cyrus-sasl')).toBe(2);
    expect(why('cyrus-sasl')).toBe('openldap cyrus-sasl-dev makedepends');
    expect(why('util-linux')).toBe('openldap util-linux-dev makedepends');
    // Pass 3: cyrus-sasl builds against heimdal-dev, not krb5 (its APKBUILD: "use heimdal to
    // avoid circular dep: cyrus-sasl -> krb5 -> openldap -> cyrus-sasl"), so krb5 is absent.
    expect(passOf(lighttpd, 'heimdal')).toBe(3);
    expect(why('heimdal')).toBe('cyrus-sasl heimdal-dev makedepends');
    expect(passOf(lighttpd, 'krb5')).toBe(0);
    // Pass 4: heimdal's depends_dev (in its makedepends) holds e2fsprogs-dev.
    expect(passOf(lighttpd, 'e2fsprogs')).toBe(4);
    expect(why('e2fsprogs')).toBe('heimdal e2fsprogs-dev makedepends');
    // Every origin of every pass has a reason naming an origin of the pass before it.
    lighttpd.passes.forEach((pass, i) => {
      const before = i === 0 ? ['lighttpd'] : lighttpd.passes[i - 1];
      for (const origin of pass) expect(before).toContain(reasons[origin].neededBy);
    });
  });

  it('drops openldap, cyrus-sasl, heimdal and e2fsprogs with the hardened makedepends', () => {
    const original = index.entry('lighttpd');
    expect(original).toBeDefined();
    const hardened: AportsEntry = {
      ...original!,
      makedepends: known(['meson', 'pcre2-dev', 'zlib-dev', 'libxml2-dev', 'sqlite-dev']),
    };
    const result = buildPasses(index, hardened, reference);
    expect(result.passes[0]).toEqual(['libxml2', 'meson', 'pcre2', 'sqlite', 'zlib']);
    for (const origin of ['openldap', 'cyrus-sasl', 'heimdal', 'e2fsprogs', 'krb5'])
      expect(passOf(result, origin)).toBe(0);
    expect(index.entry('lighttpd')).toBe(original); // the index is left as it was
  });

  it('ends on the real tree and reports its cycles', () => {
    expect(lighttpd.passes.length).toBeGreaterThan(4);
    expect(lighttpd.passes.length).toBeLessThan(40);
    const all = lighttpd.passes.flat();
    expect(new Set(all).size).toBe(all.length); // each origin in one pass only
    // ncurses lists ncurses in its own makedepends; rust builds with a rust (llvm19 too).
    expect(lighttpd.cycles).toEqual(expect.arrayContaining([['ncurses'], ['rust']]));
    // rust needs cargo-bootstrap, which no aport of this tree builds.
    expect(lighttpd.unresolved).toContainEqual({ name: 'cargo-bootstrap', neededBy: 'rust' });
  });

  it('reports a cycle between origins, and still ends', () => {
    const entry = (origin: string, makedepends: string[]): AportsEntry => ({
      ...index.entry('lighttpd')!,
      origin,
      path: `main/${origin}/APKBUILD`,
      folder: origin,
      subpackages: known([`${origin}-dev`]),
      depends: known([]),
      dependsDev: known([]),
      makedepends: known(makedepends),
    });
    const small = new AportsIndex('/nowhere', index.settings, [
      entry('app', ['a-dev', 'so:libz.so.1']),
      entry('a', ['b-dev']),
      entry('b', ['c-dev']),
      entry('c', ['a-dev', 'base-dev']),
      entry('base', []),
    ]);
    const result = buildPasses(small, 'app', new Set(['base']));
    expect(result.passes).toEqual([['a'], ['b'], ['c']]);
    expect(result.cycles).toEqual([['a', 'b', 'c']]);
    expect(result.unresolved).toEqual([{ name: 'so:libz.so.1', neededBy: 'app' }]);
  });

  it('prints a desired SBOM and JSON', () => {
    expect(desiredSbomText([['openldap', 'openssl'], ['cyrus-sasl']])).toBe(
      '# pass 1\nopenldap\nopenssl\n# pass 2\ncyrus-sasl\n',
    );
    const json = JSON.parse(passesJson(lighttpd)) as {
      passes: { pass: number; origins: string[] }[];
    };
    expect(json.passes[0]).toEqual({ pass: 1, origins: lighttpd.passes[0] });
  });
});

describe('updates and the disk cache', () => {
  const tree = join(scratch, 'tree');
  const aportsUsed = ['main/lighttpd', 'main/openldap', 'main/cyrus-sasl', 'community/R'];
  beforeAll(() => {
    for (const aport of aportsUsed)
      cpSync(join(aports, aport, 'APKBUILD'), join(tree, aport, 'APKBUILD'));
  });

  it('re-reads one changed APKBUILD, and drops a removed one', async () => {
    const small = await indexAportsTree(tree);
    expect(small.size).toBe(4);
    const file = join(tree, 'main/lighttpd/APKBUILD');
    const text = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      text.replace('\topenldap-dev\n', '').replace('$pkgname-mod_auth', 'libfoo'),
    );
    const entry = updateEntry(small, file);
    expect(entry?.makedepends).toEqual(known(expect.not.arrayContaining(['openldap-dev'])));
    expect(small.originOf('libfoo')).toBe('lighttpd');
    expect(small.originOf('lighttpd-mod_auth')).toBeNull();
    writeFileSync(file, text.replace('\topenldap-dev\n', ''));
    updateEntry(small, file);
    expect(small.originOf('lighttpd-mod_auth')).toBe('lighttpd');
    // An edit that keeps every name keeps the lookups, and they lead to the new entry.
    writeFileSync(file, text);
    const sameNames = updateEntry(small, file);
    expect(small.entry('lighttpd')).toBe(sameNames);
    expect(small.entry('lighttpd')?.makedepends).toEqual(
      known(expect.arrayContaining(['openldap-dev'])),
    );
    expect(small.originOf('lighttpd-mod_auth')).toBe('lighttpd');
    rmSync(join(tree, 'community/R'), { recursive: true });
    expect(updateEntry(small, 'community/R/APKBUILD')).toBeNull();
    expect(small.entry('R')).toBeUndefined();
    cpSync(join(aports, 'community/R/APKBUILD'), join(tree, 'community/R/APKBUILD'));
  });

  it('skips an aport folder without an APKBUILD, and counts it as done', async () => {
    const sparse = join(scratch, 'sparse');
    cpSync(join(aports, 'main/lighttpd/APKBUILD'), join(sparse, 'main/lighttpd/APKBUILD'));
    mkdirSync(join(sparse, 'main/empty'), { recursive: true });
    const progress: [number, number][] = [];
    const small = await indexAportsTree(sparse, {
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(small.entries().map((entry) => entry.path)).toEqual(['main/lighttpd/APKBUILD']);
    expect(small.stats).toEqual({ files: 1, parsed: 1, fromCache: 0 });
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it('reads again only the files that changed since the cache was saved', async () => {
    const cache = join(scratch, 'cache', 'aports.json');
    const first = await loadIndexCache(cache, tree); // no cache yet
    expect(first.stats).toEqual({ files: 4, parsed: 4, fromCache: 0 });
    await saveIndexCache(first, cache);
    const second = await loadIndexCache(cache, tree);
    expect(second.stats).toEqual({ files: 4, parsed: 0, fromCache: 4 });
    expect(second.entries()).toEqual(first.entries());
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(tree, 'main/openldap/APKBUILD'), later, later);
    expect((await loadIndexCache(cache, tree)).stats).toEqual({
      files: 4,
      parsed: 1,
      fromCache: 3,
    });
    // Another CARCH, or a damaged cache, means reading everything.
    expect((await loadIndexCache(cache, tree, { carch: 'aarch64' })).stats.parsed).toBe(4);
    writeFileSync(cache, '{"format":');
    expect((await loadIndexCache(cache, tree)).stats.parsed).toBe(4);
  });

  it('caches the whole tree: a second start parses nothing', async () => {
    const cache = join(scratch, 'whole.json');
    await saveIndexCache(index, cache);
    const again = await loadIndexCache(cache, aports);
    expect(again.stats).toEqual({ files: 11_963, parsed: 0, fromCache: 11_963 });
    expect(again.originOf('libldap')).toBe('openldap');
    expect(again.entry('lighttpd')).toEqual(index.entry('lighttpd'));
  });
});

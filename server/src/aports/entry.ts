/** One aport as the index sees it: the names it builds and the names it needs. */
import { isUnknown, parseSubpackage, sourceApkbuild } from '../apkbuild';
import type { SourcedValues as ApkbuildSourced } from '../apkbuild';

/** A value read from the APKBUILD, or why static evaluation could not tell (never guessed). */
export type Field<T> = { known: true; value: T } | { known: false; reason: string };

export interface AportsEntry {
  /** pkgname, the origin of every package the aport builds; the folder name when pkgname is unknown. */
  origin: string;
  /** pkgname as read; unknown when static evaluation could not tell. */
  pkgname: Field<string>;
  /** aports repository: main, community, testing. */
  repo: string;
  /** The aport's folder name (normally equal to pkgname). */
  folder: string;
  /** `repo/folder/APKBUILD`, relative to the tree's root. */
  path: string;
  /** `pkgver-rpkgrel`. */
  version: Field<string>;
  /** Subpackage names, expanded (`$pkgname-dev` -> `openldap-dev`), without `:func:arch`. */
  subpackages: Field<string[]>;
  /** Names from `provides`, without `=version`. */
  provides: Field<string[]>;
  depends: Field<string[]>;
  /** Runtime depends of the -dev subpackage (abuild adds them to `$pkgname-dev`). */
  dependsDev: Field<string[]>;
  /** makedepends + makedepends_build + makedepends_host, without duplicates, in order. */
  makedepends: Field<string[]>;
  checkdepends: Field<string[]>;
}

export interface EntryOptions {
  carch?: string;
  /**
   * Variables of the environment abuild runs in, as they are for the builds the index
   * describes. By default an ordinary build: `BOOTSTRAP` and `APORTS_BOOTSTRAP` empty (the
   * APKBUILD model treats any variable from the environment as unknown, and about 35 aports,
   * musl, util-linux, libxml2 and brotli among them, choose their subpackages and makedepends
   * on `[ -z "$BOOTSTRAP" ]`). Pass `{}` to leave every such variable unknown.
   */
  environment?: Readonly<Record<string, string>>;
}

export const ORDINARY_BUILD: Readonly<Record<string, string>> = {
  BOOTSTRAP: '',
  APORTS_BOOTSTRAP: '',
};

/** What the index reads of an APKBUILD after abuild sourced it: a few variables' values. */
export type SourcedValues = Pick<ApkbuildSourced, 'value' | 'list'>;

const known = <T>(value: T): Field<T> => ({ known: true, value });

function listField(model: SourcedValues, name: string): Field<string[]> {
  const words = model.list(name);
  if (words === null) return known([]);
  if (isUnknown(words)) return { known: false, reason: `${name}: ${words.reason}` };
  return known(words);
}

/** The union of several list fields; unknown when any of them is. */
function unionField(fields: readonly Field<string[]>[]): Field<string[]> {
  const seen = new Set<string>();
  for (const field of fields) {
    if (!field.known) return field;
    for (const word of field.value) seen.add(word);
  }
  return known([...seen]);
}

function mapField<T, U>(field: Field<T>, map: (value: T) => U): Field<U> {
  return field.known ? known(map(field.value)) : field;
}

function stringField(model: SourcedValues, name: string): Field<string> {
  const value = model.value(name);
  if (value === undefined) return { known: false, reason: `${name} is not set` };
  return value.known ? known(value.value) : { known: false, reason: `${name}: ${value.reason}` };
}

/**
 * The package name in a dependency token: `openssl-dev>3` -> `openssl-dev`, `foo=1.2-r0` ->
 * `foo`, `so:libc.musl-x86_64.so.1` stays as it is; null for a conflict (`!foo`) or an empty token.
 */
export function dependencyName(token: string): string | null {
  if (token === '' || token.startsWith('!')) return null;
  const cut = token.search(/[<>=~]/);
  const name = cut < 0 ? token : token.slice(0, cut);
  return name === '' ? null : name;
}

function names(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const name = dependencyName(token);
    if (name !== null && !out.includes(name)) out.push(name);
  }
  return out;
}

/** Reads one APKBUILD's text into an entry; `startdir` is the aport's folder. */
export function readEntry(
  text: string,
  location: { repo: string; folder: string; startdir: string },
  options: EntryOptions = {},
): AportsEntry {
  const values = sourceApkbuild(text, {
    startdir: location.startdir,
    repo: location.repo,
    carch: options.carch ?? 'x86_64',
    // Given as variables, not as text put before the file: the parser then reads the
    // file's own string (a concatenation is slower to read character by character).
    environment: options.environment ?? ORDINARY_BUILD,
  });
  return entryFromValues(values, location);
}

/** The entry for the values of a sourced APKBUILD (an ApkbuildModel is such values). */
export function entryFromValues(
  model: SourcedValues,
  location: { repo: string; folder: string },
): AportsEntry {
  const pkgname = stringField(model, 'pkgname');
  const pkgver = stringField(model, 'pkgver');
  const pkgrel = stringField(model, 'pkgrel');
  const version: Field<string> = !pkgver.known
    ? pkgver
    : !pkgrel.known
      ? pkgrel
      : known(`${pkgver.value}-r${pkgrel.value}`);
  return {
    origin: pkgname.known && pkgname.value !== '' ? pkgname.value : location.folder,
    pkgname,
    repo: location.repo,
    folder: location.folder,
    path: `${location.repo}/${location.folder}/APKBUILD`,
    version,
    subpackages: mapField(listField(model, 'subpackages'), (items) =>
      items.map((item) => parseSubpackage(item).name).filter((name) => name !== ''),
    ),
    provides: mapField(listField(model, 'provides'), names),
    depends: mapField(listField(model, 'depends'), names),
    dependsDev: mapField(listField(model, 'depends_dev'), names),
    makedepends: mapField(
      unionField([
        listField(model, 'makedepends'),
        listField(model, 'makedepends_build'),
        listField(model, 'makedepends_host'),
      ]),
      names,
    ),
    checkdepends: mapField(listField(model, 'checkdepends'), names),
  };
}

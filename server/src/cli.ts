import { parseArgs, type ParseArgsConfig } from 'node:util';
import { runCheck } from './cli/check-command';
import { runCompare } from './cli/compare-command';
import { runFix } from './cli/fix-command';
import type { CliIo } from './cli/io';
import { runParse } from './cli/parse-command';
import { DEFAULT_IMAGE, runRebuild } from './cli/rebuild-command';
import { runResolve } from './cli/resolve-command';
import { runLint } from './cli/lint-command';
import { runVerify } from './cli/verify-command';
import { noteError, writeErrorFileOnExit } from './cli/error-file';

const USAGE = `usage: apkharden <command> [options]

commands:
  parse FILE...        parse APKBUILDs statically and print what they define
      --values         one JSON object per file: the abuild variables and the functions
      --json           the whole model with ranges (assignments, items, invocations, tree)
      --carch ARCH     architecture for case "$CARCH" branches (default x86_64)

  check FILE...        report the build options, makedepends and subpackages the profile
                       makes unnecessary, and the lint; exit 0 when none, 1 when some, 2 on
                       an error
      --no-lint        the hardening findings only
      --profile P      a built-in profile (kubernetes, minimal, none) or a YAML file;
                       default: .apkharden.yaml from the APKBUILD's folder upward, else kubernetes
      --format F       text (FILE:LINE:COL: CODE: message), json or sarif (SARIF 2.1.0)
      --index F        an APKINDEX: a makedepend another one brings (curl-dev brings
                       openssl-dev) is not removable; repeatable
      --sbom F         an SBOM whose packages count as an index's: CycloneDX 1.4-1.7 or SPDX
                       2.2/2.3 (JSON or tag-value, as syft and trivy write them), syft JSON,
                       bomresolver's resolved document, an installed db; repeatable. A
                       desired-SBOM list (names only) joins resolve's reference image
      --aports DIR     an aports tree: the same from depends_dev, where the index has no answer
      --carch ARCH     as for parse

  lint FILE...         the lint of each file (apkbuild-lint's codes, abuild's checks, syntax
                       errors), no profile needed; exit 0 when none, 1 when some, 2 on an error
      --format F       text (FILE:LINE:COL: CODE: message (severity)), json or sarif
      --carch ARCH     as for parse

  fix FILE             apply every verified fix and print the fixed file on stdout; every
                       byte outside the edits stays as it was; a file with a syntax error is
                       left as it is (exit 2), a fix that would not parse is not applied (1)
      --variant V      disable (switch options off explicitly; default) or remove them
      --lint           apply the lint fixes instead (AL1, AL5, AL8, AL13, ...: those with
                       one unambiguous edit); the hardening ones are left for a run without it
      --diff           print a unified diff instead (for patch -p1)
      --write          rewrite the file in place, atomically, if anything changes and the
                       file is still what was read (an edit saved meanwhile is kept: exit 2)
      --profile P      as for check
      --index F, --sbom F, --aports DIR  as for check
      --carch ARCH     as for parse

  resolve FILE         what the APKBUILD's text builds, resolved against the reference image:
                       with packages (--index or --sbom) the install closure (install_if
                       beside it), the runtime secondary map and the build passes by the seed's
                       process; a text that differs from the index's package (hardened, newer)
                       is a prediction, and says so
      --index F, --sbom F  the packages, as for check
      --aports DIR     the aports tree (default: the tree FILE sits in, for build-tools passes)
      --reference N    the base image package (default alpine-base): its closure in the index
      --passes M       runtime (default with packages: add the primary packages of the
                       secondary origins and resolve again, a pass a round) or build-tools
                       (default without: every makedepend through the aports tree, which also
                       rebuilds the build tools: meson, python3...)
      --format F       desired (default: '# pass N' then one origin a line with why, '# runtime'
                       lines '# ORIGIN CONSUMER SONAME...'), json, cyclonedx (CycloneDX 1.6) or
                       spdx (SPDX 2.3 JSON) of the closure (without packages, of the passes)
      --carch ARCH     as for parse

  rebuild FILE         build the original and the hardened APKBUILD in a container (docker or
                       podman) and keep their packages, build logs and provenance; streams the
                       log; exit 0 when built, 1 when a build failed, 2 on a usage/engine error
      --variant V      original, hardened or both (default)
      --out DIR        where DIR/original and DIR/hardened go (default:
                       \${XDG_CACHE_HOME:-$HOME/.cache}/apkbuild-hardening/rebuild/PKGNAME)
      --engine E       auto (default: docker, else podman), docker or podman
      --image I        the Alpine image to build in (default ${DEFAULT_IMAGE})
      --original PATH  the original APKBUILD (default: the file at git HEAD, else the file
                       itself, and then the hardened one is the file with every fix applied)
      --profile P      as for check (chooses the fixes when the hardened text is made)
      --timeout S      stop and remove the container after S seconds (1 to 2147483)
      --fetch-network N  --network of the fetch step (default: the engine's); the build
                       step always runs with --network none
      --repository R   an apk repository to install from, a http(s) URL or a folder
                       (mounted read-only); repeatable; replaces the image's
                       /etc/apk/repositories (default: the image's own)
      --keys DIR       public keys (.pub) the repositories are signed with, added to the
                       container's /etc/apk/keys
      --sign-key FILE  PEM RSA private key (abuild-keygen's NAME.rsa) that signs each
                       variant's repository, OUT/VARIANT/ARCH/APKINDEX.tar.gz (default: a
                       throwaway key, said so); the public key is written to OUT/keys/
      --carch ARCH     as for parse

  compare A B          compare the original (A) and hardened (B) build outputs: depends,
                       provides, sonames needed (ELF DT_NEEDED), installed size, files,
                       cost; A and B are .apk files or folders of them; exit 0, 2 on an error
      --index F        an APKINDEX: adds the install closure of each side; repeatable
      --sbom F         an SBOM whose packages join the index's, as for check
      --aports DIR     an aports tree: adds the build passes of the APKBUILD beside each side
      --profile P      as for check: the price table and the reference image
      --keys DIR       verify each package's signature against these keys (default
                       /etc/apk/keys when it exists; without keys, says none were checked);
                       the report names the unsigned, unknown-key and altered inputs
      --format F       text (default), json (the CompareReport) or markdown (a PR comment)

  verify FILE...       check the signature of Alpine v2 packages (.apk) and indexes
                       (APKINDEX.tar.gz): RSA over the control stream or index, and the data
                       stream against .PKGINFO's datahash; one line a file: verified (by which
                       key), unsigned, unknown key, altered (which part) or unreadable (why);
                       exit 0 when all verify, 1 when one does not, 2 on an unreadable file;
                       a folder stands for its .apk files and APKINDEX.tar.gz (two levels)
      --keys DIR       the trusted public keys, *.pub by file name (default /etc/apk/keys)
      --format F       text (default) or json

FILE is an APKBUILD or the folder holding one, except for verify and compare, which take .apk
files, APKINDEX.tar.gz files or folders of them. Nothing in an APKBUILD is ever executed.`;

const io: CliIo = {
  print: (text) => process.stdout.write(text + '\n'),
  write: (text) => process.stdout.write(text),
  error: (text) => {
    noteError(text);
    process.stderr.write(text + '\n');
  },
  usage(message) {
    noteError(`apkharden: ${message}`);
    process.stderr.write(`apkharden: ${message}\n\n${USAGE}\n`);
    return 2;
  },
};

type Options = NonNullable<ParseArgsConfig['options']>;

const CARCH: Options = { carch: { type: 'string', default: 'x86_64' } };
const PROFILE: Options = { profile: { type: 'string' } };
const SOURCES: Options = {
  index: { type: 'string', multiple: true, default: [] },
  sbom: { type: 'string', multiple: true, default: [] },
  aports: { type: 'string' },
};

/** The options each command accepts; any other is a usage error. */
const COMMAND_OPTIONS: Record<string, Options> = {
  parse: {
    values: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    ...CARCH,
  },
  check: {
    format: { type: 'string', default: 'text' },
    'no-lint': { type: 'boolean', default: false },
    ...SOURCES,
    ...PROFILE,
    ...CARCH,
  },
  lint: { format: { type: 'string', default: 'text' }, ...CARCH },
  fix: {
    ...SOURCES,
    variant: { type: 'string', default: 'disable' },
    lint: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    diff: { type: 'boolean', default: false },
    ...PROFILE,
    ...CARCH,
  },
  resolve: {
    ...SOURCES,
    reference: { type: 'string', default: 'alpine-base' },
    passes: { type: 'string' },
    format: { type: 'string', default: 'desired' },
    ...CARCH,
  },
  rebuild: {
    variant: { type: 'string', default: 'both' },
    out: { type: 'string' },
    engine: { type: 'string', default: 'auto' },
    image: { type: 'string', default: DEFAULT_IMAGE },
    original: { type: 'string' },
    timeout: { type: 'string' },
    'fetch-network': { type: 'string' },
    repository: { type: 'string', multiple: true },
    keys: { type: 'string' },
    'sign-key': { type: 'string' },
    ...PROFILE,
    ...CARCH,
  },
  compare: {
    ...SOURCES,
    format: { type: 'string', default: 'text' },
    keys: { type: 'string' },
    ...PROFILE,
  },
  verify: { keys: { type: 'string' }, format: { type: 'string', default: 'text' } },
};

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

const text = (values: Values, name: string): string => String(values[name] ?? '');
const flag = (values: Values, name: string): boolean => values[name] === true;
const list = (values: Values, name: string): string[] => {
  const value = values[name];
  return Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
};
const optional = (values: Values, name: string): string | undefined =>
  values[name] === undefined ? undefined : text(values, name);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) return io.usage('missing command');
  if (command === '--help' || command === '-h' || command === 'help') {
    io.print(USAGE);
    return 0;
  }
  const options = COMMAND_OPTIONS[command];
  if (options === undefined) return io.usage(`unknown command '${command}'`);
  let positionals: string[];
  let values: Values;
  try {
    ({ positionals, values } = parseArgs({ args: rest, allowPositionals: true, options }));
  } catch (error) {
    return io.usage((error as Error).message);
  }
  switch (command) {
    case 'parse':
      return runParse(
        positionals,
        {
          values: flag(values, 'values'),
          json: flag(values, 'json'),
          carch: text(values, 'carch'),
        },
        io,
      );
    case 'check':
      return await runCheck(
        positionals,
        {
          profile: optional(values, 'profile'),
          format: text(values, 'format'),
          carch: text(values, 'carch'),
          index: list(values, 'index'),
          sbom: list(values, 'sbom'),
          aports: optional(values, 'aports'),
          noLint: flag(values, 'no-lint'),
        },
        io,
      );
    case 'lint':
      return runLint(
        positionals,
        { format: text(values, 'format'), carch: text(values, 'carch') },
        io,
      );
    case 'resolve':
      return await runResolve(
        positionals,
        {
          aports: optional(values, 'aports'),
          index: list(values, 'index'),
          sbom: list(values, 'sbom'),
          reference: text(values, 'reference'),
          passes: optional(values, 'passes'),
          format: text(values, 'format'),
          carch: text(values, 'carch'),
        },
        io,
      );
    case 'rebuild':
      return await runRebuild(
        positionals,
        {
          variant: text(values, 'variant'),
          out: optional(values, 'out'),
          engine: text(values, 'engine'),
          image: text(values, 'image'),
          original: optional(values, 'original'),
          profile: optional(values, 'profile'),
          timeout: optional(values, 'timeout'),
          fetchNetwork: optional(values, 'fetch-network'),
          carch: text(values, 'carch'),
          repository: list(values, 'repository'),
          keys: optional(values, 'keys'),
          signKey: optional(values, 'sign-key'),
        },
        io,
      );
    case 'compare':
      return await runCompare(
        positionals,
        {
          index: list(values, 'index'),
          sbom: list(values, 'sbom'),
          aports: optional(values, 'aports'),
          profile: optional(values, 'profile'),
          format: text(values, 'format'),
          keys: optional(values, 'keys'),
        },
        io,
      );
    case 'verify':
      return await runVerify(
        positionals,
        { keys: optional(values, 'keys'), format: text(values, 'format') },
        io,
      );
    default:
      return await runFix(
        positionals,
        {
          variant: text(values, 'variant'),
          lint: flag(values, 'lint'),
          write: flag(values, 'write'),
          diff: flag(values, 'diff'),
          profile: optional(values, 'profile'),
          carch: text(values, 'carch'),
          index: list(values, 'index'),
          sbom: list(values, 'sbom'),
          aports: optional(values, 'aports'),
        },
        io,
      );
  }
}

// A reader that stops early (`apkharden parse --json ... | head`) is not an error: stop quietly
// instead of dying on an unhandled EPIPE with a stack trace and exit code 1.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

writeErrorFileOnExit();
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const message = `apkharden: ${error instanceof Error ? error.message : String(error)}`;
    noteError(message);
    process.stderr.write(`${message}\n`);
    process.exitCode = 2;
  },
);

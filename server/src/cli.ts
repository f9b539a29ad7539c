import { parseArgs, type ParseArgsConfig } from 'node:util';
import { runCheck } from './cli/check-command';
import { runCompare } from './cli/compare-command';
import { runFix } from './cli/fix-command';
import type { CliIo } from './cli/io';
import { runParse } from './cli/parse-command';
import { runResolve } from './cli/resolve-command';

const USAGE = `usage: apkharden <command> [options]

commands:
  parse FILE...        parse APKBUILDs statically and print what they define
      --values         one JSON object per file: the abuild variables and the functions
      --json           the whole model with ranges (assignments, items, invocations, tree)
      --carch ARCH     architecture for case "$CARCH" branches (default x86_64)

  check FILE...        report the build options, makedepends and subpackages the profile
                       makes unnecessary; exit 0 when none, 1 when some, 2 on an error
      --profile P      a built-in profile (kubernetes, minimal, none) or a YAML file;
                       default: .apkharden.yaml from the APKBUILD's folder upward, else kubernetes
      --format F       text (FILE:LINE:COL: CODE: message), json or sarif (SARIF 2.1.0)
      --carch ARCH     as for parse

  fix FILE             apply every fix and print the fixed file on stdout
      --variant V      disable (switch options off explicitly; default) or remove them
      --diff           print a unified diff instead (for patch -p1)
      --write          rewrite the file in place, atomically, if anything changes
      --profile P      as for check
      --carch ARCH     as for parse

  resolve FILE         the build passes of the APKBUILD's origin down to the reference image
                       and, with --index, its install closure and runtime (soname) map
      --aports DIR     the aports tree (default: the tree FILE sits in, if any)
      --index F        an APKINDEX (.tar.gz or text); repeat for several repositories
      --reference N    the base image package (default alpine-base)
      --format F       desired (default: '# pass N' then one origin a line; with --index a
                       '# runtime' section of '# ORIGIN CONSUMER SONAME...' lines), json, or
                       cyclonedx (CycloneDX 1.6 of the install closure; without --index, of
                       the build-pass origins)
      --carch ARCH     as for parse

  compare A B          compare the original (A) and hardened (B) build outputs: depends,
                       provides, sonames needed (ELF DT_NEEDED), installed size, files,
                       cost; A and B are .apk files or folders of them; exit 0, 2 on an error
      --index F        an APKINDEX: adds the install closure of each side; repeatable
      --aports DIR     an aports tree: adds the build passes of the APKBUILD beside each side
      --profile P      as for check: the price table and the reference image
      --format F       text (default), json (the CompareReport) or markdown (a PR comment)

FILE may be an APKBUILD or the folder holding one. Nothing in an APKBUILD is ever executed.`;

const io: CliIo = {
  print: (text) => process.stdout.write(text + '\n'),
  write: (text) => process.stdout.write(text),
  error: (text) => process.stderr.write(text + '\n'),
  usage(message) {
    process.stderr.write(`apkharden: ${message}\n\n${USAGE}\n`);
    return 2;
  },
};

type Options = NonNullable<ParseArgsConfig['options']>;

const CARCH: Options = { carch: { type: 'string', default: 'x86_64' } };
const PROFILE: Options = { profile: { type: 'string' } };

/** The options each command accepts; any other is a usage error. */
const COMMAND_OPTIONS: Record<string, Options> = {
  parse: {
    values: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    ...CARCH,
  },
  check: { format: { type: 'string', default: 'text' }, ...PROFILE, ...CARCH },
  fix: {
    variant: { type: 'string', default: 'disable' },
    write: { type: 'boolean', default: false },
    diff: { type: 'boolean', default: false },
    ...PROFILE,
    ...CARCH,
  },
  resolve: {
    aports: { type: 'string' },
    index: { type: 'string', multiple: true, default: [] },
    reference: { type: 'string', default: 'alpine-base' },
    format: { type: 'string', default: 'desired' },
    ...CARCH,
  },
  compare: {
    index: { type: 'string', multiple: true, default: [] },
    aports: { type: 'string' },
    format: { type: 'string', default: 'text' },
    ...PROFILE,
  },
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

function main(argv: string[]): number | Promise<number> {
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
      return runCheck(
        positionals,
        {
          profile: optional(values, 'profile'),
          format: text(values, 'format'),
          carch: text(values, 'carch'),
        },
        io,
      );
    case 'resolve':
      return runResolve(
        positionals,
        {
          aports: optional(values, 'aports'),
          index: list(values, 'index'),
          reference: text(values, 'reference'),
          format: text(values, 'format'),
          carch: text(values, 'carch'),
        },
        io,
      );
    case 'compare':
      return runCompare(
        positionals,
        {
          index: list(values, 'index'),
          aports: optional(values, 'aports'),
          profile: optional(values, 'profile'),
          format: text(values, 'format'),
        },
        io,
      );
    default:
      return runFix(
        positionals,
        {
          variant: text(values, 'variant'),
          write: flag(values, 'write'),
          diff: flag(values, 'diff'),
          profile: optional(values, 'profile'),
          carch: text(values, 'carch'),
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

// compare reads packages as streams, so its exit code arrives later.
void Promise.resolve(main(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});

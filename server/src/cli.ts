import { parseArgs } from 'node:util';
import { runParse } from './cli/parse-command';
import type { CliIo } from './cli/io';

const USAGE = `usage: apkharden <command> [options]

commands:
  parse FILE...        parse APKBUILDs statically and print what they define
      --values         one JSON object per file: the abuild variables and the functions
      --json           the whole model with ranges (assignments, items, invocations, tree)
      --carch ARCH     architecture for case "$CARCH" branches (default x86_64)

Nothing in an APKBUILD is ever executed.`;

const io: CliIo = {
  print: (text) => process.stdout.write(text + '\n'),
  error: (text) => process.stderr.write(text + '\n'),
  usage(message) {
    process.stderr.write(`apkharden: ${message}\n\n${USAGE}\n`);
    return 2;
  },
};

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === undefined) return io.usage('missing command');
  if (command === '--help' || command === '-h' || command === 'help') {
    io.print(USAGE);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        values: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        carch: { type: 'string', default: 'x86_64' },
      },
    });
  } catch (error) {
    return io.usage((error as Error).message);
  }
  switch (command) {
    case 'parse':
      return runParse(
        parsed.positionals,
        { values: parsed.values.values, json: parsed.values.json, carch: parsed.values.carch },
        io,
      );
    default:
      return io.usage(`unknown command '${command}'`);
  }
}

// A reader that stops early (`apkharden parse --json ... | head`) is not an error: stop quietly
// instead of dying on an unhandled EPIPE with a stack trace and exit code 1.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = main(process.argv.slice(2));

// What hostile inputs cost now that reading them is bounded (issue: no file stalls the server):
// a 5 GiB gzip bomb, the largest index the limits allow, an index of 128 MiB of tiny records, a
// 100 MB line, SBOMs nested 100,000 deep or holding 200,000 components, a FIFO. Each case runs
// in a fresh process, so its peak RSS is its own. Figures only.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readApkIndex } from '../server/src/sbom';
import { readSbomText } from '../server/src/sbom/formats/read-sbom';
import { readPackageInputs } from '../server/src/sbom/package-inputs';
import { gzipBomb } from '../test/helpers/archives';
import { sharedRoot } from '../test/helpers/paths';
import { median, row, timed } from './figures';

const CASE = '--case';

/** Each case: what it reads, the input made beforehand (not timed), and the outcome in words. */
interface Case {
  label: string;
  input: () => string | Buffer;
  run: (input: string | Buffer) => string;
}

const indexOutcome = (input: string | Buffer): string => {
  const read = readApkIndex(Buffer.isBuffer(input) ? input : Buffer.from(input), 'input');
  return read.refused ?? `${read.packages.length} packages, ${read.problems.length} problems`;
};
const sbomOutcome = (input: string | Buffer): string => {
  const read = readSbomText(String(input), 'input');
  return read.format === 'unknown'
    ? read.problems[0].message.slice(0, 56)
    : `${read.document.components.length} components read`;
};
const open = '{"type":"library","name":"n","version":"1","components":[';
const component = (i: number): string =>
  `{"type":"library","name":"c${i}","version":"1.0-r0","purl":"pkg:apk/alpine/c${i}@1.0-r0?arch=x86_64"}`;
const tinyRecord = 'P:a\nV:1\n\n';

const CASES: Record<string, Case> = {
  'gzip-bomb': {
    label: 'APKINDEX: 5 GiB gzip bomb (5 MB file)',
    input: () => gzipBomb(5120),
    run: indexOutcome,
  },
  'largest-index': {
    label: 'APKINDEX: 200,000 records, 2,000,000 D: tokens',
    input: () =>
      Array.from({ length: 200_000 }, (_, i) => `P:p${i}\nV:1\nD:a b c d e f g h i j\n`).join('\n'),
    run: indexOutcome,
  },
  'record-bomb': {
    label: 'APKINDEX: 128 MiB of tiny records',
    input: () => Buffer.from(tinyRecord.repeat(Math.floor((128 << 20) / tinyRecord.length))),
    run: indexOutcome,
  },
  'long-line': {
    label: 'APKINDEX: one record with a 100 MB line',
    input: () => Buffer.from(`P:a\nV:1\n\nP:b\nV:1\nT:${'x'.repeat(100_000_000)}\n\nP:c\nV:1\n`),
    run: indexOutcome,
  },
  'sbom-nested': {
    label: 'SBOM: CycloneDX components nested 100,000 deep',
    input: () => `{"bomFormat":"CycloneDX","components":[${open.repeat(1e5)}${']}'.repeat(1e5)}]}`,
    run: sbomOutcome,
  },
  'sbom-components': {
    label: 'SBOM: CycloneDX of 200,000 components (the limit)',
    input: () =>
      `{"bomFormat":"CycloneDX","components":[${Array.from({ length: 200_000 }, (_, i) => component(i)).join(',')}]}`,
    run: sbomOutcome,
  },
  fifo: {
    label: 'a FIFO given as --index',
    input: () => {
      const fifo = join(mkdtempSync(join(tmpdir(), 'input-limits-bench-')), 'fifo');
      execFileSync('mkfifo', [fifo]);
      return fifo;
    },
    run: (fifo) => {
      const read = readPackageInputs({ index: [String(fifo)] });
      rmSync(dirname(String(fifo)), { recursive: true, force: true });
      return 'error' in read ? read.error.slice(read.error.indexOf(': ') + 2) : 'read!';
    },
  },
};

/** One case in a fresh process: its time, its peak RSS and its outcome. */
function runCase(name: string): { ms: number; rssMb: number; outcome: string } {
  const run = spawnSync(process.execPath, [__filename, CASE, name], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`case ${name} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { ms: number; rssMb: number; outcome: string };
}

function main(): void {
  const at = process.argv.indexOf(CASE);
  if (at >= 0) {
    const chosen = CASES[process.argv[at + 1]];
    const input = chosen.input();
    const { ms, result } = timed(() => chosen.run(input));
    const rssMb = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({ ms, rssMb, outcome: result }));
    return;
  }
  console.log(
    'hostile inputs (each case in a fresh process; the time is the read, the peak RSS includes the input and Node, ~45 MB)',
  );
  for (const [name, { label }] of Object.entries(CASES)) {
    const { ms, rssMb, outcome } = runCase(name);
    row(label, `${ms.toFixed(0).padStart(5)} ms ${rssMb.toFixed(0).padStart(5)} MB  ${outcome}`);
  }
  const real = readFileSync(join(sharedRoot, 'apkindex/v3.19.0-main-x86_64/APKINDEX.tar.gz'));
  const times = Array.from({ length: 20 }, () => timed(() => readApkIndex(real, 'v3.19')).ms);
  row('the real v3.19 main index, for scale', `${median(times).toFixed(1)} ms (median of 20)`);
}

main();

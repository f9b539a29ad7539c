// Reading a hardening profile: ordinary ones, the largest a person would write, and hostile ones
// at the size limit. Every case must end in a verdict (profile or error) in bounded time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseProfileYaml } from '../server/src/hardening';
import { MAX_PROFILE_BYTES } from '../server/src/hardening/profile-loader';
import { median, peakRssMb, row, timed } from './figures';

const root = process.cwd();
const json = (path: string): Record<string, unknown> => {
  const data = JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;
  delete data.$comment;
  return data;
};

/** Repeats `unit(i)` until the text would pass `bytes`. */
function filled(head: string, unit: (i: number) => string, bytes = MAX_PROFILE_BYTES): string {
  const parts = [head];
  let length = head.length;
  for (let i = 0; ; i++) {
    const next = unit(i);
    if (length + next.length > bytes) break;
    parts.push(next);
    length += next.length;
  }
  return parts.join('');
}

function bomb(): string {
  const rows = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++)
    rows.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${rows.join('\n')}\nkeep: *a9\n`;
}

const cases: [string, string][] = [
  ['seed profile', readFileSync(join(root, 'examples/lighttpd/seed-profile.yaml'), 'utf8')],
  [
    'built-in catalogue + knowledge as a profile',
    stringify({
      catalogue: json('server/src/hardening/catalogue.json'),
      knowledge: json('server/src/hardening/build-knowledge.json'),
    }),
  ],
  ['limit: keys of one mapping', filled('', (i) => `k${i}: v\n`)],
  ['limit: items of keep:', filled('keep:\n', (i) => `  - p${i}\n`)],
  [
    'limit: catalogue features',
    filled('catalogue:\n  features:\n', (i) => `    f${i}: {capability: tls, tokens: [t${i}]}\n`),
  ],
  ['limit: brackets [[[[ (refused)', `keep: ${'['.repeat(MAX_PROFILE_BYTES - 8)}\n`],
  ['limit: nested block lists', filled('keep:\n', (i) => `${' '.repeat(i)}-\n`)],
  ['alias bomb, 9^10 values (refused)', bomb()],
];

for (const [label, text] of cases) {
  const times: number[] = [];
  let verdict = '';
  for (let i = 0; i < 5; i++) {
    const { ms, result } = timed(() => parseProfileYaml(text));
    times.push(ms);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    verdict = errors.length === 0 ? 'ok' : `${errors.length} error(s): ${errors[0].message}`;
  }
  row(
    `${label} (${(text.length / 1024).toFixed(0)} KiB)`,
    `median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms; ${verdict.slice(0, 70)}`,
  );
}
row('peak RSS', peakRssMb());
console.log(`  goal: every case ends in a verdict; the limit is ${MAX_PROFILE_BYTES / 1024} KiB`);

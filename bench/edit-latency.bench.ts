// Edit-to-model latency on the lighttpd example (issue: p99 <= 2 ms).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeApkbuild } from '../server/src/apkbuild';
import { peakRssMb, percentile, row } from './figures';

const text = readFileSync(join(process.cwd(), 'examples', 'lighttpd', 'APKBUILD'), 'utf8');
const ROUNDS = 5000;

function latencies(run: (i: number) => void): number[] {
  for (let i = 0; i < 500; i++) run(i); // warm-up, as in a running server
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    run(i);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

const show = (label: string, times: number[]): void =>
  row(
    label,
    `p50 ${percentile(times, 50).toFixed(3)} ms   p99 ${percentile(times, 99).toFixed(3)} ms`,
  );

show(
  'full parse + model',
  latencies(() => analyzeApkbuild(text)),
);

// Typing: each keystroke inserts one character somewhere in the file, then the model is rebuilt.
const positions = Array.from({ length: 97 }, (_, i) => Math.floor((i / 97) * text.length));
let current = text;
show(
  'keystroke -> model',
  latencies((i) => {
    const at = positions[i % positions.length];
    current =
      i % 2 === 0
        ? current.slice(0, at) + 'x' + current.slice(at)
        : current.slice(0, at) + current.slice(at + 1);
    analyzeApkbuild(current);
  }),
);
row('peak RSS', peakRssMb());
console.log('  goal: keystroke -> model p99 <= 2 ms');

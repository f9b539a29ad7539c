// Issue goals: keystroke -> diagnostics on lighttpd, server side, p99 <= 2 ms; the whole
// corpus checked (model + hardening + lint) within 1.5x of the corpus parse + model.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeApkbuild } from '../server/src/apkbuild';
import { AnalysisCache } from '../server/src/document-analysis';
import { documentDiagnostics } from '../server/src/features/diagnostics';
import { analyzeHardening, builtinProfile } from '../server/src/hardening';
import { lintApkbuild } from '../server/src/lint';
import { ModelCache } from '../server/src/model-cache';
import { ProfileCache } from '../server/src/profile-cache';
import { DEFAULT_SETTINGS } from '../server/src/settings-schema';
import { median, peakRssMb, percentile, row, timed } from './figures';

const example = readFileSync(join(process.cwd(), 'examples', 'lighttpd', 'APKBUILD'), 'utf8');
const uri = `file://${join(process.cwd(), 'examples', 'lighttpd', 'APKBUILD')}`;
const analyses = new AnalysisCache(new ModelCache(), new ProfileCache());
const positions = Array.from({ length: 97 }, (_, i) => Math.floor((i / 97) * example.length));
let text = example;
let version = 0;
const keystroke = (i: number): void => {
  const at = positions[i % positions.length];
  text =
    i % 2 === 0 ? text.slice(0, at) + 'x' + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
  documentDiagnostics(analyses.get(uri, ++version, () => text, DEFAULT_SETTINGS));
};
for (let i = 0; i < 500; i++) keystroke(i);
const times: number[] = [];
for (let i = 0; i < 5000; i++) {
  const start = performance.now();
  keystroke(i);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
row(
  'keystroke -> diagnostics (server side)',
  `p50 ${percentile(times, 50).toFixed(3)} ms   p99 ${percentile(times, 99).toFixed(3)} ms`,
);

const aports = join(process.cwd(), '..', 'shared', 'corpus', 'aports');
const texts: string[] = [];
for (const repo of readdirSync(aports).sort())
  for (const name of readdirSync(join(aports, repo)).sort())
    texts.push(readFileSync(join(aports, repo, name, 'APKBUILD'), 'utf8'));
const profile = builtinProfile('kubernetes')!;
let findings = 0;
const checkAll = (): void => {
  findings = 0;
  for (const t of texts) {
    const model = analyzeApkbuild(t);
    findings += analyzeHardening(model, profile).findings.length + lintApkbuild(model).length;
  }
};
const modelAll = (): void => {
  for (const t of texts) analyzeApkbuild(t);
};
const coldCheck = timed(checkAll).ms;
const warmCheck = median(Array.from({ length: 3 }, () => timed(checkAll).ms));
const warmModel = median(Array.from({ length: 3 }, () => timed(modelAll).ms));
row('corpus check, cold (first pass in process)', `${coldCheck.toFixed(0)} ms`);
row(
  'corpus check, warm (median of 3)',
  `${warmCheck.toFixed(0)} ms  (${(warmCheck / warmModel).toFixed(2)}x parse + model at ${warmModel.toFixed(0)} ms)`,
);
row('findings (kubernetes profile) + lint findings', String(findings));
row('peak RSS', peakRssMb());
console.log('  goals: keystroke -> diagnostics p99 <= 2 ms; corpus check <= 1.5x parse + model');

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './paths';

/**
 * The labelled hardening benchmark of test/hardening-benchmark (see its README): upstream's
 * build facts per aport and what each built-in profile should find.
 */
export type LabelKind = 'option' | 'makedepend' | 'subpackage';

export interface LabelFinding {
  kind: LabelKind;
  subject: string;
  verified?: boolean;
  why?: string;
}

export interface OptionFact {
  form?: string;
  default?: string | boolean | number | null;
  choices?: string[];
  off?: string | null;
  needs?: string[];
  fails_without_needs?: boolean;
  notes?: string;
}

export interface ProfileLabels {
  findings?: LabelFinding[] | null;
  not?: LabelFinding[] | null;
  fixed?: { command?: string | string[]; contains?: string[]; lacks?: string[] } | null;
}

export interface AportLabels {
  /** The label file, relative to the benchmark folder. */
  file: string;
  aport: string;
  pkgver: string;
  system: string;
  role?: string;
  /** The upstream files read: text, or objects of repo, path and ref. */
  sources?: unknown[];
  unknown_options?: 'warn' | 'fatal' | 'ignored';
  options?: Record<string, OptionFact> | null;
  mandatory?: string[] | null;
  require_one_of?: string[][] | null;
  brings?: Record<string, string[]> | null;
  subpackages?: Record<string, { needs_option?: string } | null> | null;
  installs?: { man?: boolean; locale?: boolean; completions?: string[] } | null;
  expect?: Partial<Record<'kubernetes' | 'minimal', ProfileLabels | null>> | null;
}

export const BENCHMARK_ROOT = join(repoRoot, 'test', 'hardening-benchmark');
export const BENCHMARK_PROFILES = ['kubernetes', 'minimal'] as const;

export function readLabels(): AportLabels[] {
  const out: AportLabels[] = [];
  for (const repo of readdirSync(BENCHMARK_ROOT, { withFileTypes: true })) {
    if (!repo.isDirectory()) continue;
    for (const file of readdirSync(join(BENCHMARK_ROOT, repo.name)).sort()) {
      if (!file.endsWith('.yaml')) continue;
      const path = join(BENCHMARK_ROOT, repo.name, file);
      const data = parse(readFileSync(path, 'utf8')) as Omit<AportLabels, 'file'>;
      out.push({ ...data, file: `${repo.name}/${file}` });
    }
  }
  return out.sort((a, b) => a.aport.localeCompare(b.aport));
}

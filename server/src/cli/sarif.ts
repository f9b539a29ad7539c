import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FindingCode } from '../hardening';
import type { HardenedFile, LocatedFinding } from './harden-file';
import type { LintSarifRun } from './lint-report';

/** The SARIF 2.1.0 subset `apkharden check --format sarif` writes. */
export interface SarifLog {
  version: '2.1.0';
  $schema: string;
  /** The hardening run; `check` adds the lint's (lint-report.ts) unless --no-lint. */
  runs: (SarifRun | LintSarifRun)[];
}

export interface SarifRun {
  tool: { driver: { name: string; rules: SarifRule[] } };
  results: SarifResult[];
}

export interface SarifRule {
  id: FindingCode;
  shortDescription: { text: string };
}

export interface SarifResult {
  ruleId: FindingCode;
  ruleIndex: number;
  /** warning: a verified fix exists; note: advice only, or a kept makedepend. */
  level: 'warning' | 'note';
  message: { text: string };
  properties: { verified: boolean; advice: string | null };
  locations: SarifLocation[];
}

export interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string };
    region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  };
}

/** The one location of a result: the file's URI and the one-based region, end exclusive. */
export function sarifLocation(
  uri: string,
  at: { line: number; column: number; endLine: number; endColumn: number },
): SarifLocation {
  return {
    physicalLocation: {
      artifactLocation: { uri },
      region: {
        startLine: at.line,
        startColumn: at.column,
        endLine: at.endLine,
        endColumn: at.endColumn,
      },
    },
  };
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Every code the analyzer reports, so `ruleIndex` is the same in every log. */
const RULES: SarifRule[] = [
  {
    id: 'harden/removable-option',
    shortDescription: {
      text: 'A build option switches on a feature the profile makes unnecessary',
    },
  },
  {
    id: 'harden/removable-makedepend',
    shortDescription: {
      text: 'A makedepend is only needed for a feature the profile makes unnecessary',
    },
  },
  {
    id: 'harden/removable-subpackage',
    shortDescription: { text: 'A subpackage the profile drops' },
  },
  {
    id: 'harden/default-on',
    shortDescription: {
      text: 'Upstream builds a feature the profile makes unnecessary by default: a switch can turn it off',
    },
  },
  {
    id: 'harden/kept-makedepend',
    shortDescription: {
      text: 'A makedepend the profile would remove, but another makedepend brings it in',
    },
  },
];

/**
 * The artifact URI of a path as given: a relative reference for a relative path (with `\` as
 * `/` and characters a URI cannot hold escaped), a `file:` URI for an absolute one.
 */
export function artifactUri(path: string): string {
  if (isAbsolute(path)) return pathToFileURL(path).href;
  return path
    .split(/[\\/]/)
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** One SARIF run holding the findings of every file checked. */
export function toSarif(files: { hardened: HardenedFile; located: LocatedFinding[] }[]): SarifLog {
  const results: SarifResult[] = [];
  for (const { hardened, located } of files) {
    const uri = artifactUri(hardened.path);
    for (const l of located) {
      results.push({
        ruleId: l.finding.code,
        ruleIndex: RULES.findIndex((r) => r.id === l.finding.code),
        level: l.finding.verified ? 'warning' : 'note',
        message: { text: l.finding.message },
        properties: { verified: l.finding.verified, advice: l.finding.advice },
        locations: [sarifLocation(uri, l)],
      });
    }
  }
  return {
    version: '2.1.0',
    $schema: SARIF_SCHEMA,
    runs: [{ tool: { driver: { name: 'apkharden', rules: RULES } }, results }],
  };
}

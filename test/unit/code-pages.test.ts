import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codePage, pageName } from '../../server/src/features/code-pages';
import { LINT_RULES } from '../../server/src/lint/rules';
import { repoRoot } from '../helpers/paths';

/** Every code a diagnostic of the server or a line of `apkharden check` can carry. */
const CODES = [
  ...LINT_RULES.map((rule) => rule.code),
  'harden/removable-option',
  'harden/default-on',
  'harden/removable-makedepend',
  'harden/removable-subpackage',
  'harden/kept-makedepend',
  'harden/not-judged',
  'syntax',
  'evaluation-stopped',
  'large-document',
  'profile',
];

describe('a page per diagnostic code (docs/codes)', () => {
  it('links every code to its page, which says what it means, why and how to fix it', () => {
    for (const code of CODES) {
      const href = codePage(code);
      expect(href, code).toBeDefined();
      const text = readFileSync(fileURLToPath(href!), 'utf8');
      expect(text.split('\n')[0], code).toMatch(new RegExp(`^# \`${code}\`: `));
      for (const section of ['## What it means', '## Why it matters', '## How to fix it'])
        expect(text, `${code}: ${section}`).toContain(section);
    }
  });

  it('has no page for a code that does not exist, and gives it no link', () => {
    const pages = readdirSync(join(repoRoot, 'docs/codes')).filter((f) => f !== 'README.md');
    expect(pages.sort()).toEqual(CODES.map(pageName).sort());
    expect(codePage('no-such-code')).toBeUndefined();
    expect(existsSync(join(repoRoot, 'docs/codes/README.md'))).toBe(true);
  });
});

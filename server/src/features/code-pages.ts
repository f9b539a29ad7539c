/**
 * The page that explains a diagnostic code: docs/codes/CODE.md in the repository and in the
 * packaged extension (`harden/removable-option` is harden-removable-option.md). Diagnostics
 * link to it through codeDescription; a code without a page gets no link, never a dead one.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** docs/codes beside the bundle (server/out) or the sources (server/src/features). */
function pagesFolder(): string | null {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const candidates = [
    resolve(here, '..', '..', 'docs', 'codes'),
    resolve(here, '..', '..', '..', 'docs', 'codes'),
  ];
  return candidates.find((dir) => existsSync(dir)) ?? null;
}

let folder: string | null | undefined;
const pages = new Map<string, string | null>();

/** The page's file name for a code. */
export function pageName(code: string): string {
  return `${code.replace(/\//g, '-')}.md`;
}

/** The file URL of the code's page, or undefined when it has none. */
export function codePage(code: string): string | undefined {
  if (folder === undefined) folder = pagesFolder();
  if (folder === null) return undefined;
  let page = pages.get(code);
  if (page === undefined) {
    const file = join(folder, pageName(code));
    pages.set(code, (page = existsSync(file) ? pathToFileURL(file).href : null));
  }
  return page ?? undefined;
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AnalysisCache } from '../../server/src/document-analysis';
import { documentDiagnostics } from '../../server/src/features/diagnostics';
import { largeDocumentDiagnostics } from '../../server/src/large-document/diagnose';
import { LargeDocuments } from '../../server/src/large-document/large-documents';
import { ModelCache } from '../../server/src/model-cache';
import { ProfileCache } from '../../server/src/profile-cache';
import { DEFAULT_SETTINGS } from '../../server/src/settings-schema';
import { lighttpdExample } from '../helpers/paths';

const example = readFileSync(lighttpdExample, 'utf8');
/** Over the size hardening judges, with a lint finding and a syntax error near the end. */
const big = `${example.repeat(Math.ceil((300 * 1024) / example.length))}pkgname=Upper\n_x="open\n`;

describe('documents too large to judge', () => {
  it('get the same diagnostics on the worker as the server would give them itself', () => {
    const analyses = new AnalysisCache(new ModelCache(), new ProfileCache());
    const uri = 'untitled:big/APKBUILD';
    const here = documentDiagnostics(analyses.get(uri, 1, () => big, DEFAULT_SETTINGS));
    const there = largeDocumentDiagnostics({
      text: big,
      carch: DEFAULT_SETTINGS.carch,
      startdir: undefined,
      severity: DEFAULT_SETTINGS.severity,
    });
    expect(there).toEqual(here);
    expect(new Set(there.map((d) => d.code))).toEqual(
      new Set([
        'syntax',
        'harden/not-judged',
        ...here.filter((d) => d.source === 'apkbuild-lint').map((d) => d.code),
      ]),
    );
  });

  it('go to the worker only past the size bound, and only when its script is built', () => {
    const documents = new LargeDocuments('/nonexistent/large-document-worker.js');
    expect(documents.handles(example.length)).toBe(false);
    expect(documents.handles(big.length)).toBe(true);
    expect(new LargeDocuments(null).handles(big.length)).toBe(false);
  });

  it('say null when the worker cannot run, so the server analyses the document itself', async () => {
    const documents = new LargeDocuments('/nonexistent/large-document-worker.js');
    const job = {
      text: big,
      carch: 'x86_64',
      startdir: undefined,
      severity: DEFAULT_SETTINGS.severity,
    };
    expect(await documents.diagnostics(job)).toBeNull();
    documents.dispose();
  });
});

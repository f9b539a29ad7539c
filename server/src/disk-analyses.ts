import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnalysisCache, DocumentAnalysis } from './document-analysis';
import { readInputFile } from './input-file';
import type { ServerSettings } from './settings-schema';

/** Larger than any APKBUILD of aports by far; a larger file is refused, not read. */
const MAX_APKBUILD_BYTES = 4 * 1024 * 1024;

/** What the owner of the open documents gives: their analyses and the settings per file. */
export interface DiskAnalysisSources {
  analyses: AnalysisCache;
  /** The analysis of the file when the editor has it open (its text wins over the disk's). */
  openAnalysis(uri: string): Promise<DocumentAnalysis | undefined>;
  isOpen(uri: string): boolean;
  settings(uri: string): Promise<ServerSettings>;
}

export type DiskResult<R> = { ok: true; value: R } | { ok: false; message: string };

/**
 * APKBUILDs analysed from disk, for views over a workspace's aports that the editor has not
 * opened. Only what a caller takes from an analysis is kept (per file, its size and time and
 * the settings generation): the models of hundreds of aports are not held in memory.
 */
export class DiskAnalyses {
  private readonly results = new Map<string, { stamp: string; value: unknown }>();
  private generation = 0;

  constructor(private readonly sources: DiskAnalysisSources) {}

  /** Settings, profiles, an index or the tree changed: every kept result is stale. */
  invalidate(): void {
    this.generation++;
    this.results.clear();
  }

  /**
   * `run` over the analysis of the APKBUILD at `path`: the open document's when it is open,
   * else the file on disk's. `key` names what `run` computes, so its result can be kept.
   */
  async withAnalysis<R>(
    path: string,
    key: string,
    run: (doc: DocumentAnalysis) => R,
  ): Promise<DiskResult<R>> {
    if (!isAbsolute(path)) return { ok: false, message: `${path}: not an absolute path` };
    const uri = pathToFileURL(path).href;
    if (this.sources.isOpen(uri)) {
      const open = await this.sources.openAnalysis(uri);
      if (open) return { ok: true, value: run(open) };
    }
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return { ok: false, message: `${path}: no such file` };
    const stamp = `${this.generation}:${stat.size}:${stat.mtimeMs}`;
    const kept = this.results.get(`${key}\0${uri}`);
    if (kept?.stamp === stamp) return { ok: true, value: kept.value as R };
    const read = readInputFile(path, { what: 'an APKBUILD', maxBytes: MAX_APKBUILD_BYTES });
    if (!read.ok) return { ok: false, message: read.message };
    const settings = await this.sources.settings(uri);
    // A negative version never meets an editor's (they count from 0 up).
    const version = -1 - Math.floor(stat.mtimeMs);
    const text = read.bytes.toString('utf8');
    const doc = this.sources.analyses.get(uri, version, () => text, settings);
    const value = run(doc);
    // Opened meanwhile: the cache now holds the editor's version, which must stay.
    if (!this.sources.isOpen(uri)) this.sources.analyses.delete(uri);
    this.results.set(`${key}\0${uri}`, { stamp, value });
    return { ok: true, value };
  }
}

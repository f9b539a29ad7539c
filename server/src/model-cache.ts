import { analyzeApkbuild, parseShell, type ApkbuildModel, type ParseResult } from './apkbuild';
import { ORDINARY_BUILD } from './aports/entry';

interface Entry {
  version: number;
  carch: string;
  model: ApkbuildModel;
}

/** Parsed models keyed by document URI; re-analyses only when the version or CARCH moved. */
export class ModelCache {
  private readonly entries = new Map<string, Entry>();
  /** A parse made ahead of its model (see `parse`), for one version of a document. */
  private readonly parses = new Map<string, { version: number; parsed: ParseResult }>();

  get(uri: string, version: number, text: () => string, carch: string): ApkbuildModel {
    const entry = this.entries.get(uri);
    if (entry && entry.version === version && entry.carch === carch) return entry.model;
    const ahead = this.parses.get(uri);
    this.parses.delete(uri);
    // An ordinary build, as the aports index and the CLI see it: BOOTSTRAP is empty.
    const model = analyzeApkbuild(text(), {
      carch,
      startdir: startdirOf(uri),
      environment: ORDINARY_BUILD,
      parsed: ahead?.version === version ? ahead.parsed : undefined,
    });
    this.entries.set(uri, { version, carch, model });
    return model;
  }

  /**
   * Parses a version ahead of its model, so the two take separate turns of the server's
   * thread; `get` for the same version then only evaluates. Nothing when the model is there.
   */
  parse(uri: string, version: number, text: () => string): void {
    if (this.entries.get(uri)?.version === version) return;
    if (this.parses.get(uri)?.version === version) return;
    this.parses.set(uri, { version, parsed: parseShell(text()) });
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.parses.delete(uri);
  }
}

/** The folder of a file: URI, which abuild would use as startdir. */
export function startdirOf(uri: string): string | undefined {
  if (!uri.startsWith('file://')) return undefined;
  const path = decodeURIComponent(uri.slice('file://'.length));
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

import { analyzeApkbuild, type ApkbuildModel } from './apkbuild';
import { ORDINARY_BUILD } from './aports/entry';

interface Entry {
  version: number;
  carch: string;
  model: ApkbuildModel;
}

/** Parsed models keyed by document URI; re-analyses only when the version or CARCH moved. */
export class ModelCache {
  private readonly entries = new Map<string, Entry>();

  get(uri: string, version: number, text: () => string, carch: string): ApkbuildModel {
    const entry = this.entries.get(uri);
    if (entry && entry.version === version && entry.carch === carch) return entry.model;
    // An ordinary build, as the aports index and the CLI see it: BOOTSTRAP is empty.
    const model = analyzeApkbuild(text(), {
      carch,
      startdir: startdirOf(uri),
      environment: ORDINARY_BUILD,
    });
    this.entries.set(uri, { version, carch, model });
    return model;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}

/** The folder of a file: URI, which abuild would use as startdir. */
export function startdirOf(uri: string): string | undefined {
  if (!uri.startsWith('file://')) return undefined;
  const path = decodeURIComponent(uri.slice('file://'.length));
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

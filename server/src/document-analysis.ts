import type { ApkbuildModel } from './apkbuild';
import { analyzeHardening, type HardeningAnalysis, type LoadedProfile } from './hardening';
import { lintApkbuild, type LintFinding } from './lint';
import type { ModelCache } from './model-cache';
import { startdirOf } from './model-cache';
import type { ProfileCache } from './profile-cache';
import type { ServerSettings } from './settings-schema';

/** Everything the features need about one version of one document. */
export interface DocumentAnalysis {
  uri: string;
  version: number;
  model: ApkbuildModel;
  profile: LoadedProfile;
  hardening: HardeningAnalysis;
  lint: LintFinding[];
  settings: ServerSettings;
}

/** Analyses keyed by document; redone when the text, the settings or the profile changed. */
export class AnalysisCache {
  private readonly entries = new Map<string, DocumentAnalysis>();

  constructor(
    private readonly models: ModelCache,
    private readonly profiles: ProfileCache,
  ) {}

  get(
    uri: string,
    version: number,
    text: () => string,
    settings: ServerSettings,
  ): DocumentAnalysis {
    const model = this.models.get(uri, version, text, settings.carch);
    const profile = this.profiles.get(startdirOf(uri) ?? null, settings.profile);
    const entry = this.entries.get(uri);
    if (entry && entry.model === model && entry.profile === profile && entry.settings === settings)
      return entry;
    const analysis: DocumentAnalysis = {
      uri,
      version,
      model,
      profile,
      settings,
      hardening: analyzeHardening(model, profile.profile),
      lint: lintApkbuild(model),
    };
    this.entries.set(uri, analysis);
    return analysis;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.models.delete(uri);
  }
}

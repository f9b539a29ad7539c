import type { ApkbuildModel } from './apkbuild';
import {
  analyzeHardening,
  type HardeningAnalysis,
  type LoadedProfile,
  type SbomInput,
} from './hardening';
import type { AportsEntry, BuildPasses } from './aports';
import type { AportsContext, LoadedTree } from './aports-context';
import { PackageIndexCache, type LoadedPackageIndex } from './package-index-cache';
import { lintApkbuild, type LintFinding } from './lint';
import type { ModelCache } from './model-cache';
import { startdirOf } from './model-cache';
import type { ProfileCache } from './profile-cache';
import type { ServerSettings } from './settings-schema';
import { HardeningSources } from './hardening-sources';

/** Everything the features need about one version of one document. */
export interface DocumentAnalysis {
  uri: string;
  version: number;
  model: ApkbuildModel;
  profile: LoadedProfile;
  hardening: HardeningAnalysis;
  lint: LintFinding[];
  settings: ServerSettings;
  /** The packages of the `apkbuild.apkindex` and `apkbuild.sbom` settings, when set. */
  packageIndex: LoadedPackageIndex | null;
  /** The aports tree the file belongs to, its entry and build passes, once the tree is loaded. */
  aports: { tree: LoadedTree; entry: AportsEntry; passes: BuildPasses } | null;
}

/** Analyses keyed by document; redone when the text, the settings or the profile changed. */
export class AnalysisCache {
  private readonly entries = new Map<string, DocumentAnalysis>();
  private lastSources: HardeningSources | null = null;
  /** Lint depends on the model alone: kept per model, so it can run in a turn of its own. */
  private readonly lints = new WeakMap<ApkbuildModel, LintFinding[]>();

  constructor(
    private readonly models: ModelCache,
    private readonly profiles: ProfileCache,
    private readonly packageIndexes: PackageIndexCache = new PackageIndexCache(),
    private readonly trees: AportsContext | null = null,
  ) {}

  get(
    uri: string,
    version: number,
    text: () => string,
    settings: ServerSettings,
    /** `withoutPackages`: as if no index or SBOM were set (the first publish, before they are read). */
    options: { withoutPackages?: boolean } = {},
  ): DocumentAnalysis {
    const model = this.models.get(uri, version, text, settings.carch);
    const folder = startdirOf(uri);
    const profile = this.profiles.get(folder ?? null, settings.profile);
    const packageIndex = options.withoutPackages
      ? null
      : this.packageIndexes.get({ index: settings.apkindex, sbom: settings.sbom });
    const entry = this.entries.get(uri);
    const path = folder !== undefined ? `${folder}/APKBUILD` : null;
    const tree = this.trees?.tree(path, settings.aportsPath, profile.profile.reference) ?? null;
    if (
      entry &&
      entry.model === model &&
      entry.profile === profile &&
      entry.settings === settings &&
      entry.packageIndex === packageIndex &&
      (entry.aports?.tree ?? null) === tree
    )
      return entry;
    const pkgname = model.value('pkgname');
    const sbom: SbomInput = {};
    if (packageIndex && pkgname?.known) {
      sbom.closureWithout = this.packageIndexes.impact(
        packageIndex,
        pkgname.value,
        profile.profile.reference,
      );
      sbom.secondary = this.packageIndexes.secondary(packageIndex, pkgname.value);
    }
    // Which makedepends bring which, and what a profile's packages need: index first, then tree.
    const sources = this.sourcesFor(packageIndex?.index ?? null, tree?.index ?? null);
    Object.assign(sbom, sources.sbomInput(profile.profile.packages));
    let aports: DocumentAnalysis['aports'] = null;
    if (tree && path && this.trees) {
      const aport = this.trees.entryOf(model, path);
      const passes = this.trees.passes(tree, aport);
      sbom.passesWithout = passes.without;
      aports = { tree, entry: aport, passes: passes.passes };
    }
    const analysis: DocumentAnalysis = {
      uri,
      version,
      model,
      profile,
      settings,
      packageIndex,
      aports,
      hardening: analyzeHardening(model, profile.profile, sbom),
      lint: this.lint(model),
    };
    this.entries.set(uri, analysis);
    return analysis;
  }

  lint(model: ApkbuildModel): LintFinding[] {
    let findings = this.lints.get(model);
    if (!findings) this.lints.set(model, (findings = lintApkbuild(model)));
    return findings;
  }

  /** One HardeningSources per index and tree, so its closures are worked out once, not per edit. */
  private sourcesFor(
    index: HardeningSources['index'],
    tree: HardeningSources['tree'],
  ): HardeningSources {
    const last = this.lastSources;
    if (last && last.index === index && last.tree === tree) return last;
    this.lastSources = new HardeningSources(index, tree);
    return this.lastSources;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.models.delete(uri);
  }
}

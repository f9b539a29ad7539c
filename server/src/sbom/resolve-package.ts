/**
 * The resolve process for one APKBUILD, shared by `apkharden resolve` and the server's
 * exports: with an index (APKINDEX files, an installed db or SBOMs), the seed's process
 * (reference = the index closure of alpine-base, the runtime secondary map, build passes by
 * iterating it) on what the text itself would build; or, as an explicit mode or without an
 * index, the makedepend recursion over an aports tree, which also rebuilds the build tools.
 */
import {
  buildPasses,
  referenceClosure,
  type AportsEntry,
  type AportsIndex,
  type BuildPasses,
} from '../aports';
import { installClosure, type Closure, type PackageIndex } from './closure';
import { predictIndex, type PredictedIndex } from './predicted-index';
import { runtimePasses, type RuntimePasses } from './runtime-passes';

export type PassMode = 'runtime' | 'build-tools';
export const PASS_MODES: readonly PassMode[] = ['runtime', 'build-tools'];

export interface ResolveRequest {
  entry: AportsEntry;
  index: PackageIndex | null;
  tree: AportsIndex | null;
  /** The reference image's package: alpine-base. */
  reference: string;
  /** More names the reference image has (a desired-SBOM list of the base image). */
  referenceExtra?: readonly string[];
  /** Default: runtime with an index, build-tools without. */
  passes?: PassMode;
  /** The tree's passes of this entry when the caller has them already (the server memoizes). */
  treePasses?: BuildPasses;
}

export interface PackageResolution {
  name: string;
  /** The aport's origin (its pkgname, or its folder when pkgname is not static). */
  origin: string;
  version: string | null;
  reference: string;
  /** Names the reference has besides `reference` (from a desired-SBOM list). */
  referenceExtra: string[];
  mode: PassMode;
  /** The seed's passes; null in build-tools mode or without an index. */
  runtime: RuntimePasses | null;
  /** The makedepend recursion; null in runtime mode or without a tree. */
  buildTools: BuildPasses | null;
  /** `apk add NAME` on top of the reference, for the text's prediction; null without an index. */
  closure: Closure | null;
  /** The reference image's packages (its install closure); empty without an index. */
  referencePackages: string[];
  /** Set when the closure is of what the text would build, not of a package the index has. */
  prediction: PredictedIndex | null;
  /** The index the closure was resolved in (the prediction's, when there is one). */
  index: PackageIndex | null;
  /** What is approximated or missing, each a sentence for the user. */
  notes: string[];
}

/** Whether the prediction differs from the index's own package: then it must say so. */
function predicts(prediction: PredictedIndex, index: PackageIndex): boolean {
  if (prediction.dropped.length > 0 || prediction.droppedSubpackages.length > 0) return true;
  return !(index.byName.get(prediction.target) ?? []).some((p) => p.version === prediction.version);
}

function treePasses(
  request: ResolveRequest,
  reference: Set<string>,
  notes: string[],
): BuildPasses | null {
  const { tree, entry } = request;
  if (tree === null) return null;
  if (tree.originOf(request.reference) === null)
    notes.push(`--reference ${request.reference}: no aport of ${tree.root} builds it`);
  return request.treePasses ?? buildPasses(tree, entry, reference);
}

export function resolvePackage(request: ResolveRequest): PackageResolution {
  const { entry, index, tree } = request;
  const mode = request.passes ?? (index === null ? 'build-tools' : 'runtime');
  const name = entry.pkgname.known ? entry.pkgname.value : entry.origin;
  const notes: string[] = [];
  const resolution: PackageResolution = {
    name,
    origin: entry.origin,
    version: entry.version.known ? entry.version.value : null,
    reference: request.reference,
    referenceExtra: [...(request.referenceExtra ?? [])],
    mode,
    runtime: null,
    buildTools: null,
    closure: null,
    referencePackages: [],
    prediction: null,
    index,
    notes,
  };
  const base = { base: [request.reference, ...(request.referenceExtra ?? [])] };
  let referenceOrigins = new Set<string>();
  if (index !== null) {
    const prediction = predictIndex(index, entry);
    if (prediction === null)
      notes.push(
        `the index has no package of ${entry.origin}, or the text's version, subpackages or ` +
          `makedepends are not static: the closure is of ${name} as the index has it`,
      );
    else if (predicts(prediction, index)) {
      resolution.prediction = prediction;
      resolution.index = prediction.index;
    }
    const used = resolution.index ?? index;
    const closure = installClosure(used, [name], base);
    resolution.closure = closure;
    resolution.referencePackages = closure.base.map((p) => p.name);
    referenceOrigins = new Set(closure.base.map((p) => p.origin));
    if (closure.base.length === 0)
      notes.push(`--reference ${request.reference}: the index has no such package`);
    for (const u of closure.unresolved)
      if (u.neededBy === undefined && request.referenceExtra?.includes(u.token))
        notes.push(`${u.token}, of the desired SBOM: ${u.reason}`);
    if (mode === 'runtime') {
      const runtime = runtimePasses(used, [name], { reference: base.base, closure });
      resolution.runtime = runtime;
      if (runtime.noPrimary.length > 0)
        notes.push(
          `the packages given have no ${runtime.noPrimary.join(', ')} package: what their ` +
            'builds need is not known, so later passes may be missing (give the APKINDEX)',
        );
    }
  } else {
    notes.push(
      'no index: the build passes follow every makedepend through the aports tree (build-tools ' +
        'mode) and the reference is alpine-base\u2019s depends= in the tree, not the closure ' +
        'abuild packages; there is no runtime map, closure or prediction',
    );
    if (tree !== null) referenceOrigins = referenceClosure(tree, request.reference);
  }
  if (mode === 'build-tools') {
    if (tree === null)
      notes.push('not inside an aports tree and no --aports given: no build-tools passes');
    resolution.buildTools = treePasses(request, referenceOrigins, notes);
  }
  return resolution;
}

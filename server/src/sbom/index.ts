export {
  DEFAULT_INDEX_LIMITS,
  readApkIndex,
  parseIndexText,
  parseDependency,
  parseProvide,
  type ApkIndexRead,
  type ApkPackage,
  type Dependency,
  type IndexLimits,
  type IndexProblem,
  type Provide,
} from './apkindex';
export { compareVersions, versionSatisfies, type VersionOp } from './apk-version';
export {
  indexPackages,
  installClosure,
  type Closure,
  type ClosureOptions,
  type ClosurePackage,
  type Conflict,
  type PackageIndex,
  type Resolution,
  type Unresolved,
} from './closure';
export { runtimeMap, withoutSonames, type RuntimeMap, type RuntimeMapOptions } from './runtime-map';
export { gunzipAll, readTar, type TarEntry } from './tar';
export { closureImpact } from './closure-impact';
export { broughtInByIndex, broughtInByTree, combineBroughtIn, type BroughtIn } from './brought-in';

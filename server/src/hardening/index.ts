/** Hardening: profiles, the capability catalogue, the analyzer and the fixes it offers. */
export { analyzeHardening } from './analyzer';
export type {
  Finding,
  FindingCode,
  HardeningAnalysis,
  MakedependAnalysis,
  OptionAnalysis,
  SubpackageAnalysis,
} from './analyzer';
export { Catalogue } from './catalogue';
export type { Capability, CatalogueData, Feature } from './catalogue';
export type { Evidence, SbomInput } from './evidence';
export { fixAll, fixesForFinding } from './fixes';
export type { FixVariant, HardeningFix } from './fixes';
export { optionState } from './option-state';
export type { OptionKind, OptionState } from './option-state';
export {
  BUILTIN_PROFILES,
  DEFAULT_PROFILE,
  PROFILE_KEYS,
  builtinProfile,
  resolveProfile,
} from './profile';
export type { Profile, ProfileSpec } from './profile';
export {
  PROFILE_FILE_NAME,
  findProfileFile,
  loadProfileFile,
  loadProfileFor,
} from './profile-loader';
export type { LoadedProfile } from './profile-loader';
export { describeRule } from './profile-rules';
export type { ProfileRule } from './profile-rules';
export { parseProfileYaml } from './profile-yaml';
export type { ParsedProfile, ProfileDiagnostic } from './profile-yaml';
export { applyEdits } from './text-edits';
export type { TextEdit } from './text-edits';

/** Hardening: profiles, the capability catalogue, the analyzer and the fixes it offers. */
export { analyzeHardening, HARDENING_MAX_CHARS, isAdviceOnly, tooLargeToJudge } from './analyzer';
export type {
  Finding,
  FindingCode,
  HardeningAnalysis,
  MakedependAnalysis,
  OptionAnalysis,
  SubpackageAnalysis,
} from './analyzer';
export { BuildKnowledge, BUILTIN_KNOWLEDGE_DATA, ROLES } from './build-knowledge';
export type {
  KnowledgeData,
  OptionKnowledge,
  PackageKnowledge,
  Role,
  TlsUse,
} from './build-knowledge';
export { Catalogue } from './catalogue';
export { describeEvidence, describeImpact } from './evidence';
export type { Capability, CatalogueData, Feature } from './catalogue';
export type { Evidence, SbomInput } from './evidence';
export { checkFix } from './fix-check';
export type { FixCheck } from './fix-check';
export { fixAll, fixAllPlan, fixesForFinding, planEdits } from './fixes';
export type { FixPlan } from './fix-plan';
export type { FixVariant, HardeningFix } from './fixes';
export type { ImplicitSwitch } from './implicit-switches';
export type { PackageContext } from './package-context';
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
export type { ProfileScope } from './profile-scope';
export { parseProfileYaml } from './profile-yaml';
export type { ParsedProfile, ProfileDiagnostic } from './profile-yaml';
export type { OffFix, SwitchJudgement, SwitchKind } from './switch-state';
export type { BuildCommand, BuildSystem } from './switches/build-command';
export { findSwitches } from './switches/find-switches';
export type { Switch, SwitchSite } from './switches/find-switches';
export type { SwitchOption } from './switches/parse-switch';
export { applyEdits } from './text-edits';
export type { TextEdit } from './text-edits';

/** The APKBUILD core: a lossless shell parser and a static model of what abuild sources. */
export { analyzeApkbuild, sourceApkbuild, toStatic } from './model';
export type {
  ApkbuildModel,
  ApkbuildOptions,
  FunctionInfo,
  SourcedValues,
  StaticValue,
  VariableAssignment,
} from './model';
export { parseShell } from './parse';
export { printTree, syntaxTokens } from './print-tree';
export type { SyntaxToken } from './print-tree';
export { LineIndex } from './line-index';
export type { Position } from './line-index';
export {
  ABUILD_SPLIT_FUNCTIONS,
  LIST_VARIABLES,
  parseSource,
  parseSubpackage,
  splitFunctionOf,
} from './lists';
export type { ChecksumLine, ListItem, SourceSpec, SubpackageSpec } from './lists';
export { MESON_SUBCOMMANDS } from './invocations';
export type { BuildArgument, BuildInvocation, BuildOption, BuildTool } from './invocations';
export type { Person, SecfixEntry, SecfixesBlock } from './comments';
export { Unknown, isUnknown } from './environment';
export { EVALUATION_LIMITS } from './budget';
export type { EvaluationStop } from './budget';
export { ARCH_TRIPLETS, REQUIRED_VARIABLES } from './presets';
export type * from './syntax';

import type { ApkbuildModel } from '../apkbuild';
import { abuildPresets, isApkbuildVariable } from '../apkbuild/presets';
import { forEachCommand } from '../apkbuild/visit';
import { finding } from './rules';
import type { LintFinding } from './types';

/**
 * Names an APKBUILD may set at top level without an underscore: what abuild presets (the file
 * may adjust CFLAGS or MAKEFLAGS), abuild.conf settings, and build-tool configuration abuild or
 * common practice reads from the environment.
 */
const TOOL_VARIABLES = new Set([
  ...Object.keys(abuildPresets({ carch: 'x86_64', startdir: '', repo: '' })),
  'CXXFLAGS',
  'FFLAGS',
  'FCFLAGS',
  'RUSTFLAGS',
  'GOFLAGS',
  'GOPATH',
  'GOCACHE',
  'GOMODCACHE',
  'GOTMPDIR',
  'GOBIN',
  'GO_LDFLAGS',
  'CGO_ENABLED',
  'PYTHONDONTWRITEBYTECODE',
  'SETUPTOOLS_SCM_PRETEND_VERSION',
  'CLEANUP',
  'ERROR_CLEANUP',
  'PACKAGER',
  'USE_CCACHE',
  'USE_COLORS',
]);

function isToolVariable(name: string): boolean {
  return TOOL_VARIABLES.has(name) || name.startsWith('CARGO_');
}

/** Names the file exports at top level: configuration for the build tools, not custom state. */
function exportedNames(model: ApkbuildModel): Set<string> {
  const names = new Set<string>();
  forEachCommand(model.script, (command, context) => {
    if (command.kind !== 'simple' || context.functionName !== null) return;
    const [first, ...rest] = command.words;
    if (!first || model.text.slice(first.start, first.end) !== 'export') return;
    for (const word of rest) names.add(model.text.slice(word.start, word.end));
    for (const declaration of command.declarations) names.add(declaration.name);
  });
  return names;
}

/** AL6: Alpine asks for `_` on custom variables so they never clash with abuild's own. */
export function checkCustomVariables(model: ApkbuildModel): LintFinding[] {
  const exported = exportedNames(model);
  return model.assignments
    .filter(
      (a) =>
        !a.name.startsWith('_') &&
        !isApkbuildVariable(a.name) &&
        !isToolVariable(a.name) &&
        !exported.has(a.name),
    )
    .map((a) =>
      finding(
        'AL6',
        `${a.name} is not an APKBUILD variable; prefix custom variables with an underscore (_${a.name}) so they cannot clash with abuild's own.`,
        a.nameRange,
      ),
    );
}

import { isUnknown, type ApkbuildModel } from '../apkbuild';

const SUMMARY_LISTS = ['depends', 'makedepends', 'checkdepends', 'subpackages', 'options'];

function describeList(model: ApkbuildModel, name: string): string | null {
  const list = model.list(name);
  if (list === null) return null;
  if (isUnknown(list)) return `unknown (${list.reason})`;
  return `(${list.length}) ${list.join(' ')}`;
}

/** A short human-readable account of what the static model found in one file. */
export function summarizeModel(file: string, model: ApkbuildModel): string {
  const text = (name: string): string => {
    const value = model.value(name);
    if (value === undefined) return '(unset)';
    return value.known ? value.value : `(unknown: ${value.reason})`;
  };
  const out: string[] = [
    `${file}: ${text('pkgname')} ${text('pkgver')}-r${text('pkgrel')} (CARCH=${model.carch})`,
  ];
  for (const name of SUMMARY_LISTS) {
    const described = describeList(model, name);
    if (described !== null) out.push(`  ${name} ${described}`);
  }
  for (const invocation of model.invocations) {
    const where = invocation.functionName ? `${invocation.functionName}()` : 'top level';
    const options = invocation.arguments.filter((a) => a.option !== null);
    out.push(
      `  ${invocation.tool} in ${where}, line ${model.lines.positionAt(invocation.range.start).line + 1}: ${options.length} option(s)`,
    );
    for (const arg of options)
      out.push(
        `    ${arg.text.padEnd(32)} line ${model.lines.positionAt(arg.range.start).line + 1}`,
      );
  }
  out.push(`  functions: ${model.functions.map((f) => f.name).join(' ') || '(none)'}`);
  const ids = model.secfixes.flatMap((b) => b.entries.flatMap((e) => e.ids));
  if (ids.length > 0)
    out.push(
      `  secfixes: ${ids.length} id(s) over ${model.secfixes.reduce((n, b) => n + b.entries.length, 0)} version(s)`,
    );
  const unknown = model.assignments.filter((a) => a.value !== null && !a.value.known);
  for (const a of unknown)
    out.push(
      `  unknown: ${a.name} at line ${model.lines.positionAt(a.range.start).line + 1}: ${a.value!.known ? '' : a.value!.reason}`,
    );
  out.push(
    model.syntaxDiagnostics.length === 0
      ? '  syntax: no errors'
      : `  syntax: ${model.syntaxDiagnostics.length} error(s)`,
  );
  return out.join('\n');
}

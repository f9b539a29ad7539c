import type { LineIndex } from './line-index';
import type { ApkbuildModel, StaticValue } from './model';
import type { Span } from './syntax';

/** The variables the corpus oracle records; `parse --values` prints exactly these. */
export const ORACLE_FIELDS = [
  'pkgname',
  'pkgver',
  'pkgrel',
  'pkgdesc',
  'url',
  'arch',
  'license',
  'depends',
  'depends_dev',
  'makedepends',
  'makedepends_build',
  'makedepends_host',
  'checkdepends',
  'subpackages',
  'source',
  'options',
  'provides',
  'install',
  'triggers',
  'builddir',
] as const;

export interface JsonRange {
  start: { offset: number; line: number; character: number };
  end: { offset: number; line: number; character: number };
}

export function jsonRange(lines: LineIndex, span: Span): JsonRange {
  return {
    start: { offset: span.start, ...lines.positionAt(span.start) },
    end: { offset: span.end, ...lines.positionAt(span.end) },
  };
}

function valueOrNull(value: StaticValue | undefined): string | null {
  return value && value.known ? value.value : null;
}

/** `{ pkgname: "...", ..., functions: [...] }`: null for unset and for unknown values. */
export function modelValues(model: ApkbuildModel): Record<string, string | null | string[]> {
  const out: Record<string, string | null | string[]> = {};
  for (const field of ORACLE_FIELDS) out[field] = valueOrNull(model.value(field));
  out.functions = model.functions.map((f) => f.name);
  return out;
}

/** Why each unknown field is unknown: `{ makedepends: "depends on the condition at line 12" }`. */
export function unknownReasons(model: ApkbuildModel): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of ORACLE_FIELDS) {
    const value = model.value(field);
    if (value && !value.known) out[field] = value.reason;
  }
  return out;
}

/** The whole model as plain JSON: values, assignments, items, functions, invocations, comments, syntax tree. */
export function modelToJson(model: ApkbuildModel): unknown {
  const range = (span: Span): JsonRange => jsonRange(model.lines, span);
  return {
    carch: model.carch,
    values: modelValues(model),
    unknown: unknownReasons(model),
    diagnostics: model.syntaxDiagnostics.map((d) => ({ message: d.message, range: range(d) })),
    assignments: model.assignments.map((a) => ({
      name: a.name,
      keyword: a.keyword,
      conditional: a.conditional,
      value: a.value,
      range: range(a.range),
      nameRange: range(a.nameRange),
      valueRange: a.valueRange && range(a.valueRange),
      items:
        a.items?.map((item) => ({
          text: item.text,
          hasExpansion: item.hasExpansion,
          range: range(item.range),
        })) ?? null,
    })),
    functions: model.functions.map((f) => ({
      name: f.name,
      generated: f.node === null,
      range: range(f.range),
      nameRange: range(f.nameRange),
    })),
    invocations: model.invocations.map((inv) => ({
      tool: inv.tool,
      function: inv.functionName,
      range: range(inv.range),
      arguments: inv.arguments.map((arg) => ({
        text: arg.text,
        value: arg.value,
        option: arg.option,
        range: range(arg.range),
        lineRange: range(arg.lineRange),
      })),
    })),
    people: model.people.map((p) => ({
      role: p.role,
      name: p.name,
      email: p.email,
      range: range(p.range),
    })),
    secfixes: model.secfixes.map((block) => ({
      range: range(block.range),
      entries: block.entries.map((e) => ({
        version: e.version,
        range: range(e.range),
        ids: e.ids.map((id) => ({ id: id.id, range: range(id.range) })),
      })),
    })),
    checksums: model.checksums.map((c) => ({
      algorithm: c.algorithm,
      hash: c.hash,
      file: c.file,
      hashRange: range(c.hashRange),
      fileRange: range(c.fileRange),
    })),
    tree: model.script,
  };
}

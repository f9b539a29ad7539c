import { isMap, isScalar, parseDocument, type Document, type Node } from 'yaml';
import type { Span } from '../apkbuild';
import { BUILTIN_CATALOGUE_DATA, Catalogue } from './catalogue';
import { BUILTIN_PROFILES, type ProfileSpec } from './profile';
import { CATALOGUE_SHAPE, profileShape, type ProfileNames } from './profile-schema';
import { AliasTargets, checkFlowDepth } from './yaml-bounds';
import type { ShapeContext } from './yaml-shape';

/** A problem in a profile file, at the offsets of the YAML text that holds it. */
export interface ProfileDiagnostic {
  range: Span;
  /** The key path it is about (`catalogue.features.frob.tokens`), '' for the whole document. */
  path: string;
  /** The path, a colon and what is wrong: `keep: must be a list of names, not a string`. */
  message: string;
  severity: 'error' | 'warning';
}

export interface ParsedProfile {
  /** What fits the schema; only to be used when no diagnostic is an error. */
  spec: ProfileSpec;
  diagnostics: ProfileDiagnostic[];
}

/** A profile needs two or three levels of brackets; a thousand is an attack or a mistake. */
export const MAX_PROFILE_NESTING = 32;
/** Problems reported, so a file of junk does not become thousands of diagnostics. */
export const MAX_PROFILE_DIAGNOSTICS = 100;
/** Values once aliases are expanded: the built-in catalogue and knowledge hold about 4,000. */
export const MAX_PROFILE_VALUES = 100_000;

function diagnostic(range: Span, path: string, text: string): ProfileDiagnostic {
  return { range, path, message: path === '' ? text : `${path}: ${text}`, severity: 'error' };
}

function spanOf(node: Node | null | undefined, fallback: Span): Span {
  const range = node?.range;
  return range ? { start: range[0], end: range[1] } : fallback;
}

/** YAML's own errors and warnings; a parser that ran out of stack says the nesting is too deep. */
function yamlProblems(doc: Document): ProfileDiagnostic[] {
  const problems = [...doc.errors, ...doc.warnings].map((problem) => {
    const deep = /Maximum call stack size exceeded/.test(problem.message);
    const text = deep
      ? 'nested too deeply to read: refused'
      : `not valid YAML: ${problem.message.split('\n')[0]}`;
    const range = { start: problem.pos[0], end: Math.max(problem.pos[1], problem.pos[0] + 1) };
    return {
      ...diagnostic(range, '', text),
      severity: problem.name === 'YAMLWarning' ? 'warning' : 'error',
    } as const;
  });
  // One stack overflow is reported at every level it unwinds through: once is enough.
  return problems.filter(
    (p, i) =>
      !p.message.startsWith('nested too deeply') ||
      problems.findIndex((q) => q.message === p.message) === i,
  );
}

function namesOf(catalogue: Catalogue): ProfileNames {
  const unknown = (what: string, name: string): string =>
    `unknown ${what} '${name}': known ones are ${[...catalogue.capabilities.keys()].join(', ')} and the features of the catalogue (add new ones under catalogue:)`;
  return {
    extendable: Object.keys(BUILTIN_PROFILES),
    capability: (name) => (catalogue.isKnownName(name) ? null : unknown('capability', name)),
    featureOrCapability: (name) =>
      catalogue.isKnownName(name) ? null : unknown('feature or capability', name),
  };
}

/**
 * Reads `.apkharden.yaml` text against the profile's schema: every key, every type, the
 * catalogue's entries too. Each problem is reported where it is, with its key path. Bounded:
 * deep nesting and alias bombs are refused before anything walks them.
 */
export function parseProfileYaml(text: string): ParsedProfile {
  let parsed: ParsedProfile;
  try {
    parsed = readProfile(text);
  } catch (error) {
    // Whatever slipped past the bounds (a stack overflow in block nesting) is the file's error.
    if (!(error instanceof RangeError)) throw error;
    const range = { start: 0, end: 1 };
    return { spec: {}, diagnostics: [diagnostic(range, '', 'nested too deeply to read: refused')] };
  }
  const { diagnostics } = parsed;
  diagnostics.sort((a, b) => a.range.start - b.range.start);
  if (diagnostics.length > MAX_PROFILE_DIAGNOSTICS) {
    const rest = diagnostics.splice(MAX_PROFILE_DIAGNOSTICS);
    const more = diagnostic(rest[0].range, '', `and ${rest.length} more problems`);
    diagnostics.push({
      ...more,
      severity: rest.some((d) => d.severity === 'error') ? 'error' : 'warning',
    });
  }
  return parsed;
}

function readProfile(text: string): ParsedProfile {
  const firstLine: Span = { start: 0, end: Math.min(text.length, Math.max(1, text.indexOf('\n'))) };
  const refused = (offset: number, message: string): ParsedProfile => ({
    spec: {},
    diagnostics: [diagnostic({ start: offset, end: offset + 1 }, '', message)],
  });
  const deep = checkFlowDepth(text, MAX_PROFILE_NESTING);
  if (deep) return refused(deep.offset, deep.message);
  // uniqueKeys is checked below, per mapping: the parser's own check is quadratic in the keys.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const diagnostics = yamlProblems(doc);
  if (diagnostics.some((d) => d.severity === 'error') || doc.contents === null)
    return { spec: {}, diagnostics };

  const aliases = new AliasTargets(doc);
  if (aliases.expandedSize(doc.contents, MAX_PROFILE_VALUES) > MAX_PROFILE_VALUES) {
    const alias = aliases.cycle ?? aliases.largestAlias(MAX_PROFILE_VALUES);
    const message = aliases.cycle
      ? 'a YAML alias stands for a node that holds it: refused'
      : alias
        ? `YAML aliases expand to more than ${MAX_PROFILE_VALUES} values: refused (an alias bomb?)`
        : `holds more than ${MAX_PROFILE_VALUES} values: refused (a profile needs a few hundred)`;
    return refused(spanOf(alias, firstLine).start, message);
  }

  const context: ShapeContext = {
    resolve: (node) => aliases.resolve(node),
    report: (node, path, message) =>
      diagnostics.push(diagnostic(spanOf(node, firstLine), path, message)),
  };
  // The catalogue comes first: the names that provided: and unused: may use depend on it.
  const root = doc.contents;
  const catalogueNode = isMap(root)
    ? root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'catalogue')
    : undefined;
  const catalogueData = catalogueNode
    ? CATALOGUE_SHAPE.read(catalogueNode.value, 'catalogue', context)
    : undefined;
  const catalogue = new Catalogue(BUILTIN_CATALOGUE_DATA, catalogueData ?? {});
  const alreadyRead = { what: CATALOGUE_SHAPE.what, read: () => catalogueData };
  const spec = profileShape(namesOf(catalogue), alreadyRead).read(root, '', context) ?? {};
  return { spec, diagnostics };
}

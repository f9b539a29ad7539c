import { Environment, isUnknown, Unknown, type Value } from './environment';
import { Evaluator } from './evaluate';
import { LineIndex } from './line-index';
import { parseShell, type ParseOptions } from './parse';
import { abuildPresets, unsetNameFallback, type SourcingContext } from './presets';
import type { ParseResult } from './syntax';

/** What abuild's sourcing of a file leaves: the variables, and how the file parsed. */
export interface Sourced {
  parsed: ParseResult;
  lines: LineIndex;
  evaluator: Evaluator;
  /** The variables after sourcing, builddir defaulted as abuild does afterwards. */
  final: Environment;
}

/**
 * Sources an APKBUILD statically the way abuild does: presets, the file's top level (stopping
 * at the first syntax error, where bash stops), then builddir's default.
 */
export function sourceStatically(
  text: string,
  context: SourcingContext,
  parseOptions: ParseOptions = {},
): Sourced {
  const lines = new LineIndex(text);
  const parsed = parseShell(text, parseOptions);
  // The presets go straight into the evaluator's map: one map per file, no copy.
  const presets = abuildPresets(context);
  const vars = new Map<string, Value>();
  for (const name in presets) vars.set(name, presets[name]);
  const evaluator = new Evaluator(
    new Environment(vars, new Map(), [], null, unsetNameFallback),
    (offset) => lines.describe(offset),
  );
  const firstError = parsed.diagnostics[0];
  const stopAt = firstError
    ? {
        offset: firstError.start,
        reason: new Unknown(
          `not known: the file does not source past the syntax error at ${lines.describe(firstError.start)}`,
        ),
      }
    : null;
  try {
    evaluator.runTopLevel(parsed.script, stopAt);
  } catch (error) {
    evaluator.env.poisonAll(new Unknown(`static evaluation failed: ${String(error)}`));
  }
  const final = evaluator.env;
  final.set('builddir', defaultBuilddir(final));
  return { parsed, lines, evaluator, final };
}

/** abuild's `builddir=${builddir:-"$srcdir/$pkgname-$pkgver"}` after sourcing. */
function defaultBuilddir(env: Environment): Value {
  const current = env.get('builddir');
  if (current !== undefined && current !== '') return current;
  const parts = [env.get('srcdir'), env.get('pkgname'), env.get('pkgver')];
  const unknown = parts.find(isUnknown);
  if (unknown) return unknown;
  const [srcdir = '', pkgname = '', pkgver = ''] = parts as (string | undefined)[];
  return `${srcdir}/${pkgname}-${pkgver}`;
}

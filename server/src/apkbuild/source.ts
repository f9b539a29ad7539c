import { Environment, isUnknown, Unknown, type Value } from './environment';
import { Evaluator } from './evaluate';
import { LineIndex } from './line-index';
import { parseShell } from './parse';
import { presetLayers, unsetNameFallback, type SourcingContext } from './presets';
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
 * at the first syntax error, where bash stops), then builddir's default. `valuesOnly` is for
 * callers that read only the variables afterwards: function bodies are parsed when called,
 * and the value of each assignment node is not kept.
 */
export function sourceStatically(
  text: string,
  context: SourcingContext,
  valuesOnly = false,
  parsedBefore?: ParseResult,
): Sourced {
  const lines = new LineIndex(text);
  const parsed = parsedBefore ?? parseShell(text, { lazyFunctionBodies: valuesOnly });
  const presets = presetLayers(context);
  const evaluator = new Evaluator(
    new Environment(presets.own, new Map(), [], null, unsetNameFallback, presets.shared),
    (offset) => lines.describe(offset),
  );
  evaluator.recordsAssignments = !valuesOnly;
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
    // A bound the budget missed (the host's stack): still a model, with the reason shown.
    evaluator.meter.halt(`the evaluator failed: ${String(error)}`);
    evaluator.stopHere();
  }
  const final = evaluator.env;
  // Words expanded later (model.expand) are the analysis's, not sourcing's: off the meter.
  final.meter = null;
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

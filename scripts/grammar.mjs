// Turns the YAML-authored TextMate grammar into the JSON VS Code reads: `{{name}}` in any
// string is replaced by the grammar's `variables` entry of that name (which may use others),
// and `variables` is dropped. Used by scripts/build.mjs and by the grammar tests.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const REFERENCE = /\{\{(\w+)\}\}/g;

function expand(text, variables, seen = []) {
  return text.replace(REFERENCE, (_, name) => {
    if (!Object.hasOwn(variables, name)) throw new Error(`grammar: unknown variable {{${name}}}`);
    if (seen.includes(name)) throw new Error(`grammar: variable {{${name}}} refers to itself`);
    return expand(variables[name], variables, [...seen, name]);
  });
}

function substitute(value, variables) {
  if (typeof value === 'string') return expand(value, variables);
  if (Array.isArray(value)) return value.map((v) => substitute(v, variables));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, substitute(v, variables)]),
    );
  return value;
}

/** The JSON grammar object of a YAML grammar text. */
export function grammarFromYaml(yamlText) {
  const { variables = {}, ...grammar } = parse(yamlText);
  return substitute(grammar, variables);
}

/** Writes `jsonPath` from `yamlPath`. */
export function buildGrammar(yamlPath, jsonPath) {
  const grammar = grammarFromYaml(readFileSync(yamlPath, 'utf8'));
  writeFileSync(jsonPath, `${JSON.stringify(grammar, null, 2)}\n`);
}

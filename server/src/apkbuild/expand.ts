import { evaluateArithmetic } from './arithmetic';
import { Unknown, isUnknown, type Environment, type Value } from './environment';
import {
  matchTooCostly,
  removePrefix,
  removeSuffix,
  replacePattern,
  type PatternPiece,
} from './pattern';
import type { ParameterPart, Word, WordPart } from './syntax';

/** Expanded text with what quoting it had: only unquoted expansions are split into fields. */
const enum ChunkKind {
  Literal,
  Quoted,
  Expansion,
}

interface Chunk {
  text: string;
  kind: ChunkKind;
}

const COMMAND_SUBSTITUTION = new Unknown('command substitution is not run by static analysis');
const TILDE = new Unknown('~ expands to the home directory of whoever runs abuild');

/** Expands a word the way an assignment value is expanded: no field splitting, no globbing. */
export function expandString(word: Word | null, env: Environment): Value {
  if (!word) return '';
  if (startsWithTilde(word)) return TILDE;
  return joinParts(word.parts, env, false);
}

/** Concatenates expanded parts: the common path, with no field bookkeeping. */
function joinParts(parts: readonly WordPart[], env: Environment, quoted: boolean): Value {
  let text = '';
  for (const part of parts) {
    switch (part.kind) {
      case 'literal':
      case 'single-quoted':
        text += part.value;
        break;
      case 'double-quoted': {
        const inner = joinParts(part.parts, env, true);
        if (isUnknown(inner)) return inner;
        text += inner;
        break;
      }
      default: {
        const chunks: Chunk[] = [];
        const failure = addPart(part, env, quoted, chunks);
        if (failure) return failure;
        for (const chunk of chunks) text += chunk.text;
      }
    }
  }
  return text;
}

/** Expands command arguments into fields: splitting on blanks; globs make the result unknown. */
export function expandFields(words: readonly Word[], env: Environment): string[] | Unknown {
  const fields: string[] = [];
  for (const word of words) {
    if (isQuotedAll(word)) {
      if (isUnknown(env.positional)) return env.positional;
      for (const value of env.positional) {
        if (isUnknown(value)) return value;
        fields.push(value);
      }
      continue;
    }
    const chunks: Chunk[] = [];
    const failure = addWord(word.parts, env, false, chunks);
    if (failure) return failure;
    if (startsWithTilde(word)) return TILDE;
    const spent = spendOn(
      env,
      chunks.reduce((n, c) => n + c.text.length, 0),
      'splitting words',
    );
    if (spent) return spent;
    const result = splitFields(chunks);
    if (isUnknown(result)) return result;
    fields.push(...result);
  }
  return fields;
}

/** Expands a word into pattern pieces (for `case` and `${x#pattern}`). */
export function expandPattern(word: Word | null, env: Environment): PatternPiece[] | Unknown {
  if (!word) return [];
  const chunks: Chunk[] = [];
  const failure = addWord(word.parts, env, false, chunks);
  if (failure) return failure;
  return chunks.map((c) => ({ text: c.text, quoted: c.kind === ChunkKind.Quoted }));
}

/** Counts work on the evaluation's meter; the stop's value once the budget is spent. */
function spendOn(env: Environment, units: number, what: string): Unknown | null {
  const meter = env.meter;
  if (!meter || meter.spend(units, what)) return null;
  return meter.stopped;
}

export function patternLength(pieces: readonly PatternPiece[]): number {
  let length = 0;
  for (const piece of pieces) length += piece.text.length;
  return length;
}

function isQuotedAll(word: Word): boolean {
  const only = word.parts.length === 1 ? word.parts[0] : null;
  if (!only || only.kind !== 'double-quoted' || only.parts.length !== 1) return false;
  const inner = only.parts[0];
  return inner.kind === 'parameter' && inner.name === '@' && inner.operator === null;
}

function startsWithTilde(word: Word): boolean {
  const first = word.parts[0];
  return (
    first !== undefined && first.kind === 'literal' && !first.quoted && first.value.startsWith('~')
  );
}

function splitFields(chunks: readonly Chunk[]): string[] | Unknown {
  const fields: string[] = [];
  let current = '';
  let hasField = false;
  for (const chunk of chunks) {
    if (chunk.kind === ChunkKind.Quoted) {
      current += chunk.text;
      hasField = true;
      continue;
    }
    if (hasGlob(chunk.text)) {
      const pattern = chunk.text.split(/[ \t\n]+/).find(hasGlob) ?? chunk.text;
      return new Unknown(
        `'${pattern}' is a filename pattern, matched against the files in the aport`,
      );
    }
    if (chunk.kind === ChunkKind.Literal) {
      current += chunk.text;
      hasField = true;
      continue;
    }
    const pieces = chunk.text.split(/[ \t\n]+/);
    for (let i = 0; i < pieces.length; i++) {
      if (i > 0) {
        if (hasField) fields.push(current);
        current = '';
        hasField = false;
      }
      if (pieces[i] !== '') {
        current += pieces[i];
        hasField = true;
      }
    }
  }
  if (hasField) fields.push(current);
  return fields;
}

function hasGlob(text: string): boolean {
  if (text.includes('*') || text.includes('?')) return true;
  const open = text.indexOf('[');
  return open >= 0 && text.indexOf(']', open + 2) > open;
}

function addWord(
  parts: readonly WordPart[],
  env: Environment,
  quoted: boolean,
  out: Chunk[],
): Unknown | null {
  for (const part of parts) {
    const failure = addPart(part, env, quoted, out);
    if (failure) return failure;
  }
  return null;
}

function addPart(part: WordPart, env: Environment, quoted: boolean, out: Chunk[]): Unknown | null {
  switch (part.kind) {
    case 'literal':
      out.push({
        text: part.value,
        kind: quoted || part.quoted ? ChunkKind.Quoted : ChunkKind.Literal,
      });
      return null;
    case 'single-quoted':
      out.push({ text: part.value, kind: ChunkKind.Quoted });
      return null;
    case 'double-quoted':
      if (part.parts.length === 0) out.push({ text: '', kind: ChunkKind.Quoted });
      return addWord(part.parts, env, true, out);
    case 'command-substitution':
      return COMMAND_SUBSTITUTION;
    case 'arithmetic': {
      const value = evaluateArithmetic(part.expression, (name) => env.get(name));
      if (isUnknown(value)) return value;
      out.push({ text: value, kind: quoted ? ChunkKind.Quoted : ChunkKind.Expansion });
      return null;
    }
    case 'parameter': {
      const value = expandParameter(part, env, quoted);
      if (isUnknown(value)) return value;
      out.push({ text: value, kind: quoted ? ChunkKind.Quoted : ChunkKind.Expansion });
      return null;
    }
  }
}

function lookupParameter(name: string, env: Environment): Value | undefined {
  if (name.startsWith('!')) return new Unknown(`\${${name}} is an indirect reference`);
  if (/^\d+$/.test(name)) {
    if (name === '0') return new Unknown('$0 is the name of the running shell');
    if (isUnknown(env.positional)) return env.positional;
    return env.positional[Number(name) - 1];
  }
  switch (name) {
    case '@':
    case '*':
    case '#': {
      if (isUnknown(env.positional)) return env.positional;
      if (name === '#') return String(env.positional.length);
      const unknown = env.positional.find(isUnknown);
      return unknown ?? (env.positional as string[]).join(' ');
    }
    case '?':
    case '$':
    case '!':
    case '-':
      return new Unknown(`$${name} depends on the running shell`);
    default:
      return env.get(name);
  }
}

function expandParameter(part: ParameterPart, env: Environment, quoted: boolean): Value {
  const value = lookupParameter(part.name, env);
  const op = part.operator;
  if (op === null) return value ?? '';
  if (op === 'length') {
    if (value === undefined) return '0';
    return isUnknown(value) ? value : String([...value].length);
  }
  if (isUnknown(value)) return value;
  const sub = (word: Word | null): Value => {
    const chunks: Chunk[] = [];
    const failure = word ? addWord(word.parts, env, quoted, chunks) : null;
    return failure ?? chunks.map((c) => c.text).join('');
  };
  const colon = op.startsWith(':') && op.length === 2;
  const missing = value === undefined || (colon && value === '');
  switch (op) {
    case ':-':
    case '-':
      return missing ? sub(part.argument) : value;
    case ':=':
    case '=': {
      if (!missing) return value;
      const assigned = sub(part.argument);
      env.set(part.name, assigned);
      return assigned;
    }
    case ':?':
    case '?':
      return missing
        ? new Unknown(`\${${part.name}${op}...} stops abuild when ${part.name} is unset`)
        : value;
    case ':+':
    case '+':
      return missing ? '' : sub(part.argument);
    case ':':
      return substring(value ?? '', part, env);
    case '^':
    case '^^':
    case ',':
    case ',,':
      if (part.argument && part.argument.end > part.argument.start)
        return new Unknown('case modification with a pattern');
      return caseModify(value ?? '', op);
    default:
      return patternOperation(value ?? '', part, env);
  }
}

function patternOperation(value: string, part: ParameterPart, env: Environment): Value {
  const pattern = expandPattern(part.argument, env);
  if (isUnknown(pattern)) return pattern;
  if (matchTooCostly(value, pattern))
    return new Unknown(
      `\${${part.name}${part.operator ?? ''}...} on a value too long to match statically`,
    );
  // Each match is bounded; so is their sum over the file.
  const spent = spendOn(env, value.length * (patternLength(pattern) + 1), 'matching patterns');
  if (spent) return spent;
  switch (part.operator) {
    case '#':
    case '##':
      return removePrefix(value, pattern, part.operator === '##');
    case '%':
    case '%%':
      return removeSuffix(value, pattern, part.operator === '%%');
    default: {
      const replacement = expandString(part.second, env);
      if (isUnknown(replacement)) return replacement;
      return replacePattern(value, pattern, replacement, part.operator as '/' | '//' | '/#' | '/%');
    }
  }
}

function substring(value: string, part: ParameterPart, env: Environment): Value {
  const offsetText = expandString(part.argument, env);
  if (isUnknown(offsetText)) return offsetText;
  const offset = evaluateArithmetic(offsetText, (name) => env.get(name));
  if (isUnknown(offset)) return offset;
  const chars = [...value];
  let start = Number(offset);
  if (start < 0) start = Math.max(0, chars.length + start);
  if (part.second === null) return chars.slice(start).join('');
  const lengthText = expandString(part.second, env);
  if (isUnknown(lengthText)) return lengthText;
  const lengthValue = evaluateArithmetic(lengthText, (name) => env.get(name));
  if (isUnknown(lengthValue)) return lengthValue;
  const length = Number(lengthValue);
  const end = length < 0 ? chars.length + length : start + length;
  if (end < start) return new Unknown('substring length out of range');
  return chars.slice(start, end).join('');
}

function caseModify(value: string, op: '^' | '^^' | ',' | ',,'): string {
  switch (op) {
    case '^^':
      return value.toUpperCase();
    case ',,':
      return value.toLowerCase();
    case '^':
      return value.charAt(0).toUpperCase() + value.slice(1);
    case ',':
      return value.charAt(0).toLowerCase() + value.slice(1);
  }
}

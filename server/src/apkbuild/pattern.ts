/** Shell pattern matching (`case`, `${x#pattern}`, `${x/pattern/repl}`), as bash does it. */

/** A piece of a pattern: quoted text matches literally, unquoted text is a glob. */
export interface PatternPiece {
  text: string;
  quoted: boolean;
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  word: 'a-zA-Z0-9_',
};

const cache = new Map<string, RegExp>();

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Translates pattern pieces into the source of an equivalent regular expression. */
export function patternSource(pieces: readonly PatternPiece[]): string {
  let out = '';
  for (const piece of pieces) {
    if (piece.quoted) {
      out += escapeRegex(piece.text);
      continue;
    }
    const t = piece.text;
    for (let i = 0; i < t.length; i++) {
      const c = t[i];
      if (c === '*') out += '[\\s\\S]*';
      else if (c === '?') out += '[\\s\\S]';
      else if (c === '[') {
        const bracket = bracketExpression(t, i);
        if (bracket) {
          out += bracket.source;
          i = bracket.end - 1;
        } else out += '\\[';
      } else if (c === '\\' && i + 1 < t.length) {
        out += escapeRegex(t[++i]);
      } else out += escapeRegex(c);
    }
  }
  return out;
}

function bracketExpression(t: string, open: number): { source: string; end: number } | null {
  let i = open + 1;
  let negate = false;
  if (t[i] === '!' || t[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  while (i < t.length) {
    const c = t[i];
    if (c === ']' && !first) return { source: `[${negate ? '^' : ''}${body}]`, end: i + 1 };
    first = false;
    if (c === '[' && t[i + 1] === ':') {
      const close = t.indexOf(':]', i + 2);
      const cls = close < 0 ? undefined : POSIX_CLASSES[t.slice(i + 2, close)];
      if (cls === undefined) return null;
      body += cls;
      i = close + 2;
      continue;
    }
    body += c === '-' ? '-' : escapeRegex(c);
    i++;
  }
  return null;
}

export function compilePattern(pieces: readonly PatternPiece[]): RegExp {
  // Keyed by the pieces, so a pattern seen before costs no translation.
  let key = '';
  for (const piece of pieces)
    key += `${piece.quoted ? '"' : '*'}${piece.text.length}:${piece.text}`;
  let regex = cache.get(key);
  if (!regex) {
    regex = new RegExp(`^(?:${patternSource(pieces)})$`);
    if (cache.size > 5000) cache.clear();
    cache.set(key, regex);
  }
  return regex;
}

/**
 * The text a pattern matches when it matches only that (no `*`, `?`, `[` or `\\` outside
 * quotes), else null. `${pkgver//_/.}` and `${x%.tar.gz}` are such patterns: plain string
 * operations answer them without trying a regular expression at every position.
 */
function literalOf(pieces: readonly PatternPiece[]): string | null {
  let text = '';
  for (const piece of pieces) {
    if (!piece.quoted && /[*?[\\]/.test(piece.text)) return null;
    text += piece.text;
  }
  return text;
}

export function matchesPattern(text: string, pieces: readonly PatternPiece[]): boolean {
  return compilePattern(pieces).test(text);
}

/** `${x#p}` (shortest) and `${x##p}` (longest) prefix removal. */
export function removePrefix(
  text: string,
  pieces: readonly PatternPiece[],
  longest: boolean,
): string {
  const literal = literalOf(pieces);
  if (literal !== null) return text.startsWith(literal) ? text.slice(literal.length) : text;
  const regex = compilePattern(pieces);
  if (longest) {
    for (let i = text.length; i >= 0; i--) if (regex.test(text.slice(0, i))) return text.slice(i);
  } else {
    for (let i = 0; i <= text.length; i++) if (regex.test(text.slice(0, i))) return text.slice(i);
  }
  return text;
}

/** `${x%p}` (shortest) and `${x%%p}` (longest) suffix removal. */
export function removeSuffix(
  text: string,
  pieces: readonly PatternPiece[],
  longest: boolean,
): string {
  const literal = literalOf(pieces);
  if (literal !== null)
    return text.endsWith(literal) ? text.slice(0, text.length - literal.length) : text;
  const regex = compilePattern(pieces);
  if (longest) {
    for (let i = 0; i <= text.length; i++) if (regex.test(text.slice(i))) return text.slice(0, i);
  } else {
    for (let i = text.length; i >= 0; i--) if (regex.test(text.slice(i))) return text.slice(0, i);
  }
  return text;
}

/** `${x/p/r}`, `${x//p/r}`, `${x/#p/r}`, `${x/%p/r}`: each match is the longest at its start. */
export function replacePattern(
  text: string,
  pieces: readonly PatternPiece[],
  replacement: string,
  mode: '/' | '//' | '/#' | '/%',
): string {
  if (pieces.every((p) => p.text === '')) return text;
  const literal = literalOf(pieces);
  if (literal !== null) return replaceLiteral(text, literal, replacement, mode);
  const regex = compilePattern(pieces);
  if (mode === '/#') {
    for (let j = text.length; j >= 0; j--)
      if (regex.test(text.slice(0, j))) return replacement + text.slice(j);
    return text;
  }
  if (mode === '/%') {
    for (let i = 0; i <= text.length; i++)
      if (regex.test(text.slice(i))) return text.slice(0, i) + replacement;
    return text;
  }
  let out = '';
  let i = 0;
  while (i <= text.length) {
    let matchEnd = -1;
    for (let j = text.length; j >= i; j--) {
      if (regex.test(text.slice(i, j))) {
        matchEnd = j;
        break;
      }
    }
    if (matchEnd < 0 || (matchEnd === i && i === text.length)) {
      if (i < text.length) out += text[i];
      i++;
      continue;
    }
    out += replacement;
    if (mode === '/') return out + text.slice(matchEnd);
    if (matchEnd === i) {
      if (i < text.length) out += text[i];
      i++;
    } else i = matchEnd;
  }
  return out;
}

/** replacePattern for a pattern that matches only `literal` (not empty). */
function replaceLiteral(
  text: string,
  literal: string,
  replacement: string,
  mode: '/' | '//' | '/#' | '/%',
): string {
  switch (mode) {
    case '/#':
      return text.startsWith(literal) ? replacement + text.slice(literal.length) : text;
    case '/%':
      return text.endsWith(literal)
        ? text.slice(0, text.length - literal.length) + replacement
        : text;
    case '/':
      return text.replace(literal, () => replacement);
    case '//':
      return text.split(literal).join(replacement);
  }
}

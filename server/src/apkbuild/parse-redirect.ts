import { isProcessSubstitution, parseWord } from './parse-word';
import { Ch, type ParserState } from './parser-state';
import type { Redirect } from './syntax';

/** Offset of the `<`/`>` of a redirect starting at the cursor (after an fd number), or -1. */
export function redirectOperator(p: ParserState): number {
  const src = p.src;
  if (isProcessSubstitution(p)) return -1;
  let i = p.pos;
  while (src.charCodeAt(i) >= 48 && src.charCodeAt(i) <= 57) i++;
  const c = src.charCodeAt(i);
  if (c === Ch.Less || c === Ch.Greater) return i;
  if (i === p.pos && c === Ch.Ampersand && src.charCodeAt(i + 1) === Ch.Greater) return i;
  return -1;
}

export function parseRedirects(p: ParserState, into: Redirect[]): void {
  for (;;) {
    p.skipBlanks();
    if (redirectOperator(p) < 0) return;
    into.push(parseRedirect(p));
  }
}

export function parseRedirect(p: ParserState): Redirect {
  const start = p.pos;
  const src = p.src;
  p.pos = redirectOperator(p);
  const op =
    /^(<<<|<<-|<<|<>|<&|>>|>&|>\||&>>|&>|<|>)/.exec(src.slice(p.pos, p.pos + 3))?.[0] ?? src[p.pos];
  const operator = src.slice(start, p.pos) + op;
  p.pos += op.length;
  p.skipBlanks();
  const target = parseWord(p);
  if (!target) p.error(start, p.pos, `missing target after '${operator}'`);
  const redirect: Redirect = {
    kind: 'redirect',
    start,
    end: p.pos,
    operator,
    target,
    heredoc: null,
  };
  if ((op === '<<' || op === '<<-') && target) {
    const delimiter = target.parts
      .map((part) =>
        part.kind === 'literal' || part.kind === 'single-quoted'
          ? part.value
          : part.kind === 'double-quoted'
            ? part.parts.map((x) => (x.kind === 'literal' ? x.value : '')).join('')
            : '',
      )
      .join('');
    const quoted = target.parts.some((part) => part.kind !== 'literal' || part.quoted);
    redirect.heredoc = {
      start,
      end: start,
      delimiter,
      quoted,
      stripTabs: op === '<<-',
      bodyStart: -1,
      bodyEnd: -1,
    };
    p.pendingHeredocs.push(redirect.heredoc);
  }
  return redirect;
}

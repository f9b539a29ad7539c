/** Licences as SBOMs want them: an SPDX id, an SPDX expression, or only a name. */
import exceptionIds from 'spdx-exceptions/index.json';
import deprecatedIds from 'spdx-license-ids/deprecated.json';
import licenseIds from 'spdx-license-ids/index.json';

const LICENSES = new Map([...licenseIds, ...deprecatedIds].map((id) => [id.toLowerCase(), id]));
const EXCEPTIONS = new Map(exceptionIds.map((id) => [id.toLowerCase(), id]));

/** A licence text read as SPDX: one listed id, a valid compound expression, or just a name. */
export interface SpdxLicense {
  kind: 'id' | 'expression' | 'name';
  value: string;
}

/** The expression with canonical ids and operators, or null when it is not valid SPDX. */
function spdxExpression(text: string): string | null {
  const tokens = text.match(/[()]|[^\s()]+/g) ?? [];
  let at = 0;
  /** Takes the next token when it is this operator (any case; written uppercase). */
  const operator = (word: string): boolean => {
    if (tokens[at]?.toUpperCase() !== word) return false;
    at++;
    return true;
  };
  const term = (): string | null => {
    const token = tokens[at++];
    if (token === '(') {
      const inner = either();
      return inner !== null && tokens[at++] === ')' ? `(${inner})` : null;
    }
    if (token === undefined || token === ')') return null;
    const plus = token.endsWith('+') && !LICENSES.has(token.toLowerCase());
    const id = LICENSES.get((plus ? token.slice(0, -1) : token).toLowerCase());
    if (id === undefined) return null;
    if (!operator('WITH')) return plus ? `${id}+` : id;
    const exception = EXCEPTIONS.get(tokens[at++]?.toLowerCase() ?? '');
    return exception === undefined ? null : `${id}${plus ? '+' : ''} WITH ${exception}`;
  };
  const chain = (word: string, next: () => string | null) => (): string | null => {
    let left = next();
    while (left !== null && operator(word)) {
      const right = next();
      left = right === null ? null : `${left} ${word} ${right}`;
    }
    return left;
  };
  const both = chain('AND', term);
  const either = chain('OR', both);
  const result = either();
  return at === tokens.length ? result : null;
}

export function licenseOf(text: string | null | undefined): SpdxLicense | null {
  const value = (text ?? '').trim().replace(/\s+/g, ' ');
  if (value === '') return null;
  const expression = spdxExpression(value);
  if (expression === null) return { kind: 'name', value };
  return { kind: LICENSES.has(expression.toLowerCase()) ? 'id' : 'expression', value: expression };
}

/**
 * Where JSON text stops being JSON. Node's JSON.parse gives a position for some errors only
 * (`Unexpected token '.', ..."   },↵    ...(snip)."... is not valid JSON` has none, and that is
 * what trivy's documentation SBOMs hold), so a reader that must name the line walks the text
 * itself, once it is known to be broken.
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// JSON strings may not hold raw control characters, so the pattern has to name them.
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class Walker {
  private at = 0;

  constructor(private readonly text: string) {}

  /** The offset of the first character that is not valid JSON, or null when it all is. */
  firstError(): number | null {
    try {
      this.value();
      this.space();
      return this.at < this.text.length ? this.at : null;
    } catch (error) {
      if (typeof error === 'number') return error;
      throw error;
    }
  }

  private space(): void {
    while (this.at < this.text.length && WHITESPACE.has(this.text[this.at])) this.at++;
  }

  private fail(): never {
    // Thrown as a plain offset: the walk stops at the first error.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw this.at;
  }

  private expect(char: string): void {
    this.space();
    if (this.text[this.at] !== char) this.fail();
    this.at++;
  }

  private sticky(pattern: RegExp): void {
    pattern.lastIndex = this.at;
    const match = pattern.exec(this.text);
    if (match === null) this.fail();
    this.at += match[0].length;
  }

  private value(): void {
    this.space();
    const char = this.text[this.at];
    if (char === '{') return this.members('}', () => this.member());
    if (char === '[') return this.members(']', () => this.value());
    if (char === '"') return this.sticky(STRING);
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return;
      }
    }
    this.sticky(NUMBER);
  }

  private member(): void {
    this.space();
    if (this.text[this.at] !== '"') this.fail();
    this.sticky(STRING);
    this.expect(':');
    this.value();
  }

  private members(close: string, item: () => void): void {
    this.at++;
    this.space();
    if (this.text[this.at] === close) {
      this.at++;
      return;
    }
    for (;;) {
      item();
      this.space();
      if (this.text[this.at] === close) {
        this.at++;
        return;
      }
      this.expect(',');
    }
  }
}

/** `{ line, column }` (1-based) of the first error in `text`, or null when it parses. */
export function jsonErrorPosition(text: string): { line: number; column: number } | null {
  let offset: number | null;
  try {
    offset = new Walker(text).firstError();
  } catch {
    return null; // nested deeper than the stack: no position rather than a throw
  }
  if (offset === null) return null;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

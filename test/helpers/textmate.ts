import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';
import { grammarFromYaml } from '../../scripts/grammar.mjs';
import { repoRoot } from './paths';

export const GRAMMAR_SOURCE = join(repoRoot, 'syntaxes/apkbuild.tmLanguage.yaml');
const SCOPE = 'source.apkbuild';

/** One token: its text and its scopes below the grammar's own. */
export interface Token {
  text: string;
  scopes: string[];
}

/** The APKBUILD grammar (from its YAML source) in vscode-textmate, the engine VS Code uses. */
export async function loadApkbuildGrammar(): Promise<IGrammar> {
  const wasm = readFileSync(
    join(createRequire(import.meta.url).resolve('vscode-oniguruma'), '..', 'onig.wasm'),
  );
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: (scopeName) =>
      Promise.resolve(
        scopeName === SCOPE
          ? parseRawGrammar(
              JSON.stringify(grammarFromYaml(readFileSync(GRAMMAR_SOURCE, 'utf8'))),
              'apkbuild.tmLanguage.json',
            )
          : null,
      ),
  });
  const grammar = await registry.loadGrammar(SCOPE);
  if (!grammar) throw new Error(`${GRAMMAR_SOURCE}: the grammar did not load`);
  return grammar;
}

/** Tokens per line, the state carried from line to line as VS Code does. */
export function tokenizeLines(grammar: IGrammar, text: string): Token[][] {
  let state = INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({
      text: line.slice(t.startIndex, t.endIndex),
      scopes: t.scopes.filter((s) => s !== SCOPE),
    }));
  });
}

/** A readable snapshot: each line, then one row per token with its innermost-last scopes. */
export function renderTokens(text: string, lines: Token[][]): string {
  const source = text.split('\n');
  const out: string[] = [];
  lines.forEach((tokens, i) => {
    out.push(`${String(i + 1).padStart(4)} | ${source[i]}`);
    for (const token of tokens)
      if (token.text.trim() !== '')
        out.push(`     | ${JSON.stringify(token.text).padEnd(24)} ${token.scopes.join(' ')}`);
  });
  return `${out.join('\n')}\n`;
}

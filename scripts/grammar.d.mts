/** The JSON grammar object of a YAML-authored TextMate grammar (see grammar.mjs). */
export function grammarFromYaml(yamlText: string): Record<string, unknown>;
export function buildGrammar(yamlPath: string, jsonPath: string): void;

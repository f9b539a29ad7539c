import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['**/out/', '.tsbuild/', '**/node_modules/', '**/*.vsix', 'bench/.cache/']),
  js.configs.recommended,
  {
    // Build scripts, benchmarks and CI helpers: plain JavaScript run by Node.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: globals.node,
    },
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // vitest.config.mts belongs to no tsconfig project; lint it with default options.
        projectService: { allowDefaultProject: ['vitest.config.mts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The shell parser compares char codes (numbers) with its `Ch` enum of char codes on purpose.
    files: ['server/src/apkbuild/**'],
    rules: {
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    // The server speaks LSP over stdout: log through the connection instead.
    files: ['server/src/**'],
    ignores: ['server/src/cli.ts'],
    rules: {
      'no-console': 'error',
    },
  },
);

// ESLint for the TypeScript in src/ (core, server, lab), bench/ and scripts/. It starts from the
// JupyterLab extension template's rules; each place that differs says why.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  {
    ignores: [
      'node_modules/',
      'lib/',
      'coverage/',
      '.venv/',
      '.cache/',
      '.demo/',
      'jupyterlab_dual_layout/labextension/',
      'jupyterlab_dual_layout/helper/',
      // Galata has its own package and Playwright's own TypeScript set-up.
      'ui-tests/',
      'src/core/version.generated.ts',
      // Golden files written by pyiceberg and Spark, and the guard's Python corpus: data, not code.
      '**/__tests__/fixtures/',
      '**/__tests__/corpus/'
    ]
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      globals: { ...globals.node, ...globals.browser }
    },
    rules: {
      // Arguments stay named for the reader even when unused (handlers, callbacks); `_` is the loop
      // variable of a `for await` that only drains or counts.
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none', caughtErrors: 'none', varsIgnorePattern: '^_$' }],
      // The template turns `any` off; this code has none (JSON is `unknown`), so it stays an error.
      '@typescript-eslint/no-explicit-any': 'error',
      // Namespaces merge options types into classes (`Sidebar.IOptions`), as JupyterLab does.
      '@typescript-eslint/no-namespace': 'off',
      // The template's `quotes` rule is formatting: Prettier's singleQuote does it.
      curly: ['error', 'all'],
      eqeqeq: 'error',
      'prefer-arrow-callback': 'error'
    }
  },
  {
    // Beyond the template: a promise nobody awaits loses its rejection (the helper must report, not
    // crash), and a promise where a callback's void is expected runs unordered. These rules need
    // types (tsconfig.test.json covers all of src/), which costs about one more `tsc`. The whole
    // type-checked preset was measured too: it is mostly about `any` from untyped library JSON, so
    // only these two are on.
    files: ['src/**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error'
    }
  },
  {
    files: ['src/lab/**/*.ts'],
    rules: {
      // JupyterLab's convention, kept in the front end where interfaces sit beside tokens of the same
      // name (`IDualLayoutModel`). Core and the helper name interfaces after the domain (`Catalog`,
      // `Storage`, `Verdict`) as pyiceberg does, so the rule stops at src/lab.
      '@typescript-eslint/naming-convention': ['error', { selector: 'interface', format: ['PascalCase'], custom: { regex: '^I[A-Z]', match: true } }]
    }
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node }
  },
  {
    // CommonJS by Node's rules (package.json has no "type"), run by Node and jest as they are.
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  // Last: formatting is Prettier's (`prettier --check`), so ESLint's formatting rules stay off.
  prettier
]);

// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * One linter for sources, tests and the benchmark. The recommended rules, plus the type-aware
 * promise rules: a promise nobody awaits is a failure nobody sees.
 */
export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'deploy/runtime/', '.gpubot/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test runs what test()/describe() return; awaiting them is not required.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);

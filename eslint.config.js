import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.newsflow/', 'coverage/', '.dbg*', 'tests/.artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration in config.ts from an env object passed in, not process.env.',
        },
      ],
    },
  },
  {
    // A function a reader can follow stays short: split longer ones into named steps (issue #13).
    ignores: ['**/*.test.ts', 'tests/**'],
    rules: { 'max-lines-per-function': ['error', { max: 100, skipBlankLines: true, skipComments: true }] },
  },
  {
    // entry points and tooling may read the environment once and pass it down
    files: ['**/main.ts', 'bin/**', 'infra/launcher/**', 'tests/**', 'cli/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // the web view's page script runs in the browser, with the bundled d3 and topojson globals
    files: ['services/web/public/**'],
    languageOptions: { globals: { ...globals.browser, d3: 'readonly', topojson: 'readonly' } },
  },
);

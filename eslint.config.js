// Lint rules for the whole tree (server, simulator, tests, benchmarks, console): the recommended sets of ESLint
// and typescript-eslint. Formatting is Prettier's (.prettierrc.json), not the linter's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', 'data/**', 'bench/out/**', '.vigie-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Names starting with "_" are deliberately unused (a destructured field left out, a required parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // A `let` assigned once but read earlier by a closure (a timer, a callback) is not a constant.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Error codes are registered by declaration merging: `interface ErrorCodes extends Record<…, true> {}`.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    // Migrations work on a schema that changes from one to the next: Kysely's own guide types them Kysely<any>.
    files: ['src/db/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', URL: 'readonly', console: 'readonly', module: 'writable', require: 'readonly' } },
  },
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Dependency direction: domain <- features <- http / jobs / cli; the web app imports only schemas.
const nodeIo = ['node:fs', 'node:fs/promises', 'node:net', 'node:http', 'node:child_process', 'pg', 'kysely', '@electric-sql/pglite'];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'web/dist/', 'test-artifacts/', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeIo.map((name) => ({ name, message: 'The domain is pure: no I/O.' })),
          patterns: [{ group: ['**/features/**', '**/http/**', '**/db/**', '**/cli/**', '**/jobs/**'], message: 'The domain imports nothing from outer layers.' }],
        },
      ],
    },
  },
  {
    files: ['src/features/**/*.ts'],
    ignores: ['src/features/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/cli/**', '**/jobs/**'], message: 'Features do not depend on their callers.' },
            { group: ['**/http/*', '!**/http/types.js'], message: 'Features may use only http/types (route typing).' },
          ],
        },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!features/[a-z-]+/[a-z-]+\\.schema(\\.js)?$|domain/)',
              message: 'The web app imports only the API schema files (and the pure domain they use).',
            },
          ],
        },
      ],
    },
  },
);

// ESLint flat config: type-aware rules, and the dependency direction of STYLE.md enforced per folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'net', 'child_process'];

export default tseslint.config(
  { ignores: ['node_modules', 'web/dist', 'data', 'test-output', 'bin'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe/test return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'test', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly' },
    },
  },
  {
    // The learning-science core is pure: no IO, no clock, no randomness, no outer layers.
    files: ['src/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'src/domain does no IO.' },
            {
              group: ['pg', 'ioredis', 'nats', 'kysely', '@electric-sql/*', 'fastify', 'pino'],
              message: 'src/domain does no IO.',
            },
            {
              group: [
                '**/services/**',
                '**/adapters/**',
                '**/http/**',
                '**/cli/**',
                '**/main.js',
                '**/config.js',
              ],
              message: 'src/domain depends on nothing outside it.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'Pass values in.' }],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time is an argument in src/domain.' },
        { object: 'Math', property: 'random', message: 'Randomness is an argument in src/domain.' },
      ],
    },
  },
  {
    // Services see ports and the domain, never adapters or the web layer.
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/adapters/**', '**/http/**', '**/cli/**', '**/main.js'],
              message: 'Services depend on ports, not adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    // Only the composition root (and the CLI, which calls it) may pick adapters.
    files: ['src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/adapters/**', '**/cli/**', '**/main.js'],
              message: 'HTTP talks to services only.',
            },
          ],
        },
      ],
    },
  },
);

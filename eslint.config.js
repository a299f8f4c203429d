import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Dependencies run one way: domain ← projections ← src (core) ← adapters, and src/app, the
// composition root, is the only code that names adapters. Nothing imports test/, demo/ or bench/.
const clients = {
  group: ['**/test/**', '**/demo/**', '**/bench/**', '**/bin/**'],
  message: 'Nothing imports from test/, demo/, bench/ or bin/: they are clients of the engine.',
};
const restrictImports = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns: [...patterns, clients] }],
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'node_modules/**',
      'data/**',
      'data-demo/**',
      'bench/results/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '**/src/**', '**/adapters/**', '**/projections/**'],
              message: 'The domain imports nothing but fp-ts and io-ts.',
            },
            clients,
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The domain never reads a clock: take `at` from the command.',
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'The domain never reads a clock: take `at` from the command.',
        },
        { object: 'Math', property: 'random', message: 'The domain makes no random values.' },
      ],
    },
  },
  {
    files: ['projections/**/*.ts'],
    rules: restrictImports({
      group: ['**/src/**', '**/adapters/**'],
      message: 'Projections are pure reducers over the domain: they know neither the core nor adapters.',
    }),
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/app/**'],
    rules: restrictImports({
      group: ['**/adapters/**', '**/app/**'],
      message: 'The core knows ports (src/ports.ts), never adapters: only src/app names them.',
    }),
  },
  {
    files: ['adapters/**/*.ts'],
    rules: restrictImports(
      {
        group: ['**/src/app/**'],
        message: 'An adapter depends on ports and the core, never on the composition root (src/app).',
      },
      { group: ['../*/**', '!../../**'], message: 'An adapter never imports another adapter.' },
    ),
  },
  {
    // The workbench runs in the browser and talks to KARE over HTTP only.
    files: ['adapters/web/**/*.ts', 'adapters/web/**/*.tsx'],
    rules: restrictImports({
      group: ['**/domain/**', '**/projections/**', '**/src/**', '**/adapters/**', '../../*', 'node:*'],
      message: 'The workbench is a client of the HTTP API: it imports no server code.',
    }),
  },
  {
    files: ['src/app/**/*.ts'],
    rules: restrictImports(),
  },
  {
    files: ['**/*.js', '**/*.mjs', 'bin/**'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        crypto: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'drizzle', 'web/dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // the data layer is the only place with SQL: everything else calls a repository in src/db/repos
    files: ['src/**/*.ts'],
    ignores: ['src/db/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(query|queryArrays|copyCsv)$/][arguments.length>0]',
          message: 'SQL belongs in a repository under src/db/repos (see docs/architecture.md).',
        },
        {
          selector: 'ImportDeclaration[source.value=/(^|\\/)db\\/orm\\.js$/]',
          message: 'The typed query builder is for repositories under src/db/repos.',
        },
      ],
    },
  },
  {
    // the layers never import upwards: the statistics and the domain stand alone; the data layer takes only the
    // capabilities' vocabulary (types), never their code
    files: ['src/stats/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!stats/)',
              message: 'src/stats is pure numerical code: no imports from the rest of Lantern.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^\\.\\./(?!stats/|domain/)', message: 'src/domain may use src/stats only.' }],
        },
      ],
    },
  },
  {
    files: ['src/db/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(?!db/|domain/|stats/|config/|repos/)[a-z-]+/',
              allowTypeImports: true,
              message:
                'The data layer imports only types from a capability folder (its vocabulary), never its code.',
            },
          ],
        },
      ],
    },
  },
  {
    // the web's API answers are the generated types (web/src/api/schema.gen.ts), never the server's modules
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^(\\.\\./)+src/(db/|api/|.*/(routes|service|views?|visibility|provider-visibility|contract)(\\.js)?$)',
              message: 'Type API answers with the generated schema (web/src/api/client.ts Answer<…>).',
            },
          ],
        },
      ],
    },
  },
);

// Lint: correctness rules of typescript-eslint, without type information (fast on 2 cores).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'docs/**', 'apps/web/src/api/schema.d.ts', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  // Data access (issue 16): a service holds the rules, the transaction's orchestration and the
  // events; its queries are in its feature's *.repository.ts (or libs/database's shared queries).
  // It opens transactions through `Transactions` (libs/database) and passes the manager on.
  {
    files: ['apps/api/src/**/*.service.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@nestjs/typeorm', message: 'Services build no query: inject the feature\'s repository (InjectRepository / InjectDataSource belong there).' },
            { name: 'typeorm', allowImportNames: ['EntityManager'], message: 'Services build no query: only EntityManager (to pass a transaction on) may be imported; the rest belongs in the feature\'s repository.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name=/^(createQueryBuilder|getRepository|manager)$/]", message: 'Services build no query: move it to the feature\'s *.repository.ts.' },
        { selector: "CallExpression[callee.property.name='query']", message: 'Services run no SQL: move it to the feature\'s *.repository.ts.' },
        {
          selector: "CallExpression[callee.object.name=/^(m|manager|em|tx|ds|dataSource)$/][callee.property.name=/^(find|findBy|findOne|findOneBy|findAndCount|count|exists|save|insert|update|upsert|delete|remove|increment|decrement|transaction)$/]",
          message: 'Services call no EntityManager method: pass the manager to a repository method.',
        },
        { selector: "CallExpression[callee.name=/^(InjectRepository|InjectDataSource|inTransaction)$/]", message: 'Services get the database through their repository, and transactions through Transactions.run.' },
      ],
    },
  },
);

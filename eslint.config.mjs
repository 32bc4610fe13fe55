// The rules STYLE.md §5 says a tool enforces; everything else is taste, left to review.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-output/**', 'public/**', 'bench/**', '*.config.*', 'eslint.config.mjs'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: './tsconfig.lint.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // A promise nobody awaits loses its errors (and, in a request, its ordering).
      '@typescript-eslint/no-floating-promises': 'error',
      // A switch over a union (error codes, directions, dialects) handles every member.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config/**'],
    rules: {
      // Configuration is read in src/config only (validated, typed slices everywhere else).
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through the typed slices of src/config.' }],
      'no-console': 'error',
      // Control characters in a pattern are a bug unless meant (then said so with a disable comment).
      'no-control-regex': 'error',
      // A module states what it imports: no global modules, no look-ups across modules at run time
      // (docs/decisions/0013-module-map.md). Configuration is the one global, below.
      'no-restricted-syntax': [
        'error',
        { selector: "Decorator[expression.callee.name='Global']", message: 'No global modules: import the module that exports what you need.' },
        { selector: "Property[key.name='global'][value.value=true]", message: 'No global modules: import the module that exports what you need.' },
      ],
      'no-restricted-imports': ['error', { paths: [{ name: '@nestjs/core', importNames: ['ModuleRef'], message: 'No ModuleRef look-ups: inject what a module exports.' }] }],
    },
  },
  {
    // The validated configuration is read by every module before anything else exists: the one global module.
    files: ['src/config/config.module.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);

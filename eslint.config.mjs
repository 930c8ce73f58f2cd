// ESLint over the whole tree: type-checked TypeScript, React hooks (v7, with the compiler's rules), Next.js,
// accessibility, functions of at most 80 lines outside tests and scripts; formatting is Prettier's.
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import prettier from 'eslint-config-prettier';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Tests, their fixtures and harnesses, benchmarks and the demo launcher. */
const TESTS_AND_SCRIPTS = [
  '**/*.test.ts',
  '**/*.test.tsx',
  'e2e/**',
  'test/**',
  'emulator/test/**',
  'lib/lineage/fixtures.ts',
  // The emulator's scenarios are fixture data: accounts played out step by step.
  'emulator/scenarios/**',
  'scripts/**',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.lineage/**',
      'out/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      'blob-report/**',
      '.test-report/**',
      'bench-results/**',
      'next-env.d.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', '*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      // `typeof import('…')` types a module imported later, once the environment is set up.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // An empty interface that extends another names a shape; a type alias cannot be augmented.
      '@typescript-eslint/consistent-type-definitions': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // An empty string is as good as none for the settings and fields read with `||`.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    files: ['**/*.tsx', 'components/**', 'app/**'],
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin, 'jsx-a11y': jsxA11y },
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    settings: { react: { version: 'detect' } },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
      ...jsxA11y.flatConfigs.recommended.rules,
    },
  },
  {
    // The sign-in page is one field: focusing it is what the user came for.
    files: ['app/signin/**'],
    rules: { 'jsx-a11y/no-autofocus': 'off' },
  },
  {
    files: TESTS_AND_SCRIPTS,
    rules: {
      'max-lines-per-function': 'off',
      // Vitest's asymmetric matchers (`expect.any(String)`) are typed `any`; what is read is still checked.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // Without "type": "module" in package.json, a .js file is CommonJS.
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);

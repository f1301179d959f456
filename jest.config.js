/** Unit tests for the shared core and the Node helper. The lab side is covered by Galata. */
// ESM-only dependencies that ts-jest must turn into CommonJS for jest.
const esmPackages = ['hyparquet', 'hyparquet-compressors', 'hysnappy', 'fzstd'];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/__tests__/**/*.spec.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
    '^.+\\.js$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }]
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  testTimeout: 60000,
  // `--coverage` (make test) reports the shared core and the helper; the lab side is covered by Galata.
  collectCoverageFrom: ['src/core/**/*.ts', 'src/server/**/*.ts', '!**/__tests__/**', '!src/core/version.generated.ts'],
  coverageReporters: ['text-summary', 'json-summary']
};

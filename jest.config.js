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
  // V8's own counters: Babel's instrumentation made the same tests 2-3x slower (measured), enough to
  // trouble the timing bounds of the regex and guard tests on a loaded machine.
  coverageProvider: 'v8',
  collectCoverageFrom: ['src/core/**/*.ts', 'src/server/**/*.ts', '!**/__tests__/**', '!src/core/version.generated.ts'],
  coverageReporters: ['text-summary', 'json-summary']
};

// Jest: TypeScript through SWC (type-checking is `tsc --noEmit`, run separately by `npm test`).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // PGlite's CommonJS build loads Node built-ins with import(), which Jest refuses without --experimental-vm-modules.
    '@electric-sql/pglite/dist/.+\\.cjs$': '<rootDir>/test/support/pglite-jest-transform.js',
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
  // A worker is told to end and then given this long to exit before Jest kills it and warns of a leak. Measured on a
  // loaded two-core machine: with no handle left but the worker's own pipes, workers that held a generated estate
  // took 1-2 s to exit, past Jest's default 500 ms. 5 s still catches a real leak (a timer or a server left open).
  workerGracefulExitTimeout: 5000,
};

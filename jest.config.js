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
  // A worker is told to end and then given this long to exit before Jest kills it and warns of a leak. Measured with a
  // hook in the workers: their event loop empties within 3 ms of the end message (no timer or socket left; the one
  // leak found, @slack/socket-mode's close-handshake timer, is fixed in its test), but a worker that ends holding a
  // 1-1.4 GB heap (the generated estates) takes longer than Jest's default 500 ms to tear down, and got the warning.
  workerGracefulExitTimeout: 5000,
};

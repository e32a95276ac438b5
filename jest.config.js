/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  maxWorkers: 2,
  // Lint warnings are asserted through service.lint(); printing them would only add noise.
  setupFiles: ['<rootDir>/test/support/quiet-lint.js'],
};

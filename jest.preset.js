// Shared Jest preset: SWC with decorator metadata (type-graphql and TypeORM read it).
const path = require('node:path');
const { pathsToModuleNameMapper } = require('./tools/test/paths');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(path.join(__dirname, 'tsconfig.base.json'), __dirname),
  testMatch: ['**/?(*.)+(spec|test|e2e).ts'],
  // One real PostgreSQL for the run: TEST_DATABASE_URL's server, or an embedded one.
  globalSetup: path.join(__dirname, 'tools/test/global-setup.js'),
  globalTeardown: path.join(__dirname, 'tools/test/global-teardown.js'),
  testTimeout: 60000,
};

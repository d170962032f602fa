// Shared Jest preset: SWC with decorator metadata (type-graphql and TypeORM read it).
const path = require('node:path');
const { pathsToModuleNameMapper } = require('./tools/test/paths');
const { swcOptions } = require('./tools/build/swc-options');

module.exports = {
  testEnvironment: 'node',
  transform: {
    // The same compiler settings as the services' build; Jest resolves the aliases itself (below).
    '^.+\\.ts$': ['@swc/jest', swcOptions({ ignoreDynamic: false })],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(path.join(__dirname, 'tsconfig.base.json'), __dirname),
  testMatch: ['**/?(*.)+(spec|test|e2e).ts'],
  // One real PostgreSQL for the run: TEST_DATABASE_URL's server, or an embedded one.
  globalSetup: path.join(__dirname, 'tools/test/global-setup.js'),
  globalTeardown: path.join(__dirname, 'tools/test/global-teardown.js'),
  testTimeout: 60000,
};

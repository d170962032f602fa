module.exports = { ...require('../../jest.preset.js'), displayName: 'schema-check', rootDir: __dirname };

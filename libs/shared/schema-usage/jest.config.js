module.exports = { ...require('../../../jest.preset.js'), displayName: 'schema-usage', rootDir: __dirname };

module.exports = { ...require('../../../jest.preset.js'), displayName: 'region-data', rootDir: __dirname };

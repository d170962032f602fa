module.exports = { ...require('../../jest.preset.js'), displayName: 'import-regions', rootDir: __dirname };

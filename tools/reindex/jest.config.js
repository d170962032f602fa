module.exports = { ...require('../../jest.preset.js'), displayName: 'reindex', rootDir: __dirname };

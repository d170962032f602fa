module.exports = { ...require('../../jest.preset.js'), displayName: 'import-seeds', rootDir: __dirname };

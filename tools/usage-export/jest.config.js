module.exports = { ...require('../../jest.preset.js'), displayName: 'usage-export', rootDir: __dirname };

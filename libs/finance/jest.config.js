module.exports = { ...require('../../jest.preset.js'), displayName: 'finance-domain', rootDir: __dirname };

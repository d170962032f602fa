module.exports = { ...require('../../jest.preset.js'), displayName: 'health-domain', rootDir: __dirname };

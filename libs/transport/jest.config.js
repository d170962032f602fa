module.exports = { ...require('../../jest.preset.js'), displayName: 'transport-domain', rootDir: __dirname };

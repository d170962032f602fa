module.exports = { ...require('../../jest.preset.js'), displayName: 'gateway-runtime', rootDir: __dirname };

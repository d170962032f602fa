module.exports = { ...require('../../../jest.preset.js'), displayName: 'text-input', rootDir: __dirname };

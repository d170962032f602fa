module.exports = { ...require('../../../jest.preset.js'), displayName: 'departments', rootDir: __dirname };

module.exports = { ...require('../../../jest.preset.js'), displayName: 'util-env', rootDir: __dirname };

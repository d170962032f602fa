module.exports = { ...require('../../../jest.preset.js'), displayName: 'chinese-text', rootDir: __dirname };

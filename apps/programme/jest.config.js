module.exports = { ...require('../../jest.preset.js'), displayName: 'programme', rootDir: __dirname };

module.exports = { ...require('../../jest.preset.js'), displayName: 'programme-domain', rootDir: __dirname };

module.exports = { ...require('../../jest.preset.js'), displayName: 'civil-affairs', rootDir: __dirname };

module.exports = { ...require('../../jest.preset.js'), displayName: 'education', rootDir: __dirname };

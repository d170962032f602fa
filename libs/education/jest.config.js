module.exports = { ...require('../../jest.preset.js'), displayName: 'education-domain', rootDir: __dirname };

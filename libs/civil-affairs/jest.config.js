module.exports = { ...require('../../jest.preset.js'), displayName: 'civil-affairs-domain', rootDir: __dirname };

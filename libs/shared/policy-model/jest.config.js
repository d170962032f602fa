module.exports = { ...require('../../../jest.preset.js'), displayName: 'policy-model', rootDir: __dirname };

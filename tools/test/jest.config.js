module.exports = { ...require('../../jest.preset.js'), displayName: 'test-runner', rootDir: __dirname };

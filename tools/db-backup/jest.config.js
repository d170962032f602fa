module.exports = { ...require('../../jest.preset.js'), displayName: 'db-backup', rootDir: __dirname };

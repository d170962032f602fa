// Root Jest configuration: every project's own jest.config.js, run as one suite.
const fs = require('node:fs');
const path = require('node:path');

function findConfigs(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findConfigs(full));
    else if (entry.name === 'jest.config.js' && dir !== __dirname) found.push(full);
  }
  return found;
}

module.exports = {
  // A global option: each project's own testTimeout (jest.preset.js) is not read when Jest runs
  // them all from here, which left every test and hook at Jest's 5 s default.
  testTimeout: 60000,
  projects: ['apps', 'libs', 'tools'].flatMap((top) => findConfigs(path.join(__dirname, top))).sort(),
};

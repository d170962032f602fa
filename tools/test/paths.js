// Maps the TypeScript path aliases of tsconfig.base.json to Jest module names, one source of truth.
const fs = require('node:fs');
const path = require('node:path');

function pathsToModuleNameMapper(tsconfigPath, rootDir) {
  const { compilerOptions } = JSON.parse(fs.readFileSync(tsconfigPath, 'utf8'));
  const mapper = {};
  for (const [alias, [target]] of Object.entries(compilerOptions.paths ?? {})) {
    mapper[`^${alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`] = path.join(rootDir, target);
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };

// How TypeScript becomes JavaScript here, for the tests (@swc/jest) and the compiled services
// (tools/build) alike: legacy decorators with their metadata, which type-graphql and TypeORM read.
// Plain CommonJS so jest.preset.js can load it before any TypeScript loader exists.

/**
 * `ignoreDynamic`: keep import() native (compiled services load ESM-only packages with it); Jest
 * wants it turned into require(), its module registry resolves and mocks those.
 * @returns {import('@swc/core').Options}
 */
function swcOptions({ baseUrl, paths, sourceMaps = 'inline', ignoreDynamic = true } = {}) {
  return {
    swcrc: false,
    configFile: false,
    sourceMaps,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      // With both given, `@hkp/…` imports become relative requires, so compiled code runs on plain node.
      ...(baseUrl && paths ? { baseUrl, paths } : {}),
    },
    module: { type: 'commonjs', ignoreDynamic },
  };
}

module.exports = { swcOptions };

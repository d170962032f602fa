// How TypeScript becomes JavaScript here, for the tests (@swc/jest) and the compiled services
// (tools/build) alike: legacy decorators with their metadata, which type-graphql and TypeORM read.
// Plain CommonJS so jest.preset.js can load it before any TypeScript loader exists.

/** @returns {import('@swc/core').Options} */
function swcOptions({ baseUrl, paths, sourceMaps = 'inline' } = {}) {
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
    // Dynamic import() stays native: it loads ESM-only packages (the embedded PostgreSQL).
    module: { type: 'commonjs', ignoreDynamic: true },
  };
}

module.exports = { swcOptions };

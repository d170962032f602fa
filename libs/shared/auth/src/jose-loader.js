'use strict';
// jose 6 is an ES module. Services load it through Node's require(esm), but Jest (on Node < 24.9)
// cannot; this file is plain CommonJS that Jest does not transpile, so the import() below stays a
// real dynamic import, which Jest runs with --experimental-vm-modules.
let jose;
exports.loadJose = () => (jose ??= import('jose'));

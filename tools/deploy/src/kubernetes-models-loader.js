'use strict';
// kubernetes-models is an ES module with "import"-only exports. This file is plain CommonJS that
// Jest does not transpile, so the import() below stays a real dynamic import (Jest runs it under
// --experimental-vm-modules, as npm test does).
exports.loadKubernetesModels = (apiVersion) => import(`kubernetes-models/${apiVersion}`);

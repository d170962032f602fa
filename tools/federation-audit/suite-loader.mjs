// Preloaded (--import) into the suite's runner and the test processes it starts: the suite is
// TypeScript written for Node 22; here it runs on Node 20 with the SWC loader this repository has.
import { register } from 'node:module';

Promise.withResolvers ??= () => {
  let resolve;
  let reject;
  const promise = new Promise((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
};

register('@swc-node/register/esm', import.meta.url);

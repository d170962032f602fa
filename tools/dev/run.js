// `npm start`: the runner is TypeScript, compiled on the fly like the services it starts.
require('@swc-node/register');
require('./src/main.ts');

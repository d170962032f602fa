export { buildServices, nodeArgs, compiledEntry, type BuildResult } from './build';

export { buildServices, serviceNodeArgs, compiledEntry, type BuildResult } from './build';

export { buildServices, nodeArgs, compiledEntry, type BuildResult } from './build';
export { buildPortal, describePortalBuild, generatePortalOperations, PORTAL_MANIFEST, PORTAL_OUT_DIR, type PortalBuild } from './portal';

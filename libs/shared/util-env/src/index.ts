export * from './env-readers';
export * from './config-error';
export * from './workspace-root';
export * from './service-directory';

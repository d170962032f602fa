export * from './embedded-postgres';
export * from './database-url';
export * from './data-source';
export * from './port-check';
export * from './query-counter';
export * from './seed-state';

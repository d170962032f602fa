export * from './compose-supergraph';
export * from './contracts';
export * from './client-schema';

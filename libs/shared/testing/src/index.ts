import 'reflect-metadata';

export * from './test-database';
export * from './test-subgraph';
export * from './graphql-request';
export * from './test-federation';
export * from './test-tokens';
export * from './test-gateway';

import 'reflect-metadata';

export * from './test-database';
export * from './test-subgraph';
export * from './graphql-request';
export * from './test-federation';
export * from './isolated-federation';
export * from './federation-traffic';
export * from './test-tokens';
export * from './test-gateway';
export * from './supergraph-file';
export * from './process-env';
export * from './wait-until';
export * from './free-port';

export * from './gateway-config';
export * from './gateway-server';
export * from './subgraph-endpoints';
